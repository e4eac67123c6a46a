"""The interactive API documentation (Swagger UI), served under the site's strict CSP.

drf-spectacular's default page puts Swagger UI's start-up code in an inline <script> and its
page styles in an inline <style>; our policy (script-src 'self' plus a nonce, style-src
'self') blocks both. Its "split" view already serves the start-up code as a separate script
from the same address (``?script``), which 'self' allows; this page is that view's HTML
without the inline styles. Every file comes from our own static files (the sidecar
package), never a CDN.
"""

from django.http import HttpResponse
from django.utils.html import format_html
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.renderers import TemplateHTMLRenderer

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{favicon}">
<link rel="stylesheet" href="{css}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{standalone}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class ApiDocsView(SpectacularSwaggerSplitView):
    renderer_classes = [TemplateHTMLRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if request.GET.get("script") is not None:
            return super().get(request, *args, **kwargs)
        page = format_html(
            PAGE,
            title=self.title,
            favicon=self._swagger_ui_favicon(),
            css=self._swagger_ui_resource("swagger-ui.css"),
            bundle=self._swagger_ui_resource("swagger-ui-bundle.js"),
            standalone=self._swagger_ui_resource("swagger-ui-standalone-preset.js"),
            init=f"{request.path}?script",
        )
        return HttpResponse(page)
