"""The schools' deletion-return API, under ``/api/v1/`` (see cases.api.school_returns), and an
OpenAPI schema of just these endpoints that a school can fetch with its own key (the full
schema at /api/schema/ is for casework staff)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .school_auth import IsSchoolToken, SchoolTokenAuthentication
from .school_returns import DeletionReturnViewSet

router = SimpleRouter()
router.register("deletion-returns", DeletionReturnViewSet, basename="deletion-return")

school_schema = SpectacularAPIView.as_view(
    authentication_classes=[SchoolTokenAuthentication],
    permission_classes=[IsSchoolToken],
    patterns=[path("api/v1/", include(router.urls))],
    custom_settings={
        "TITLE": "School deletion returns API",
        "DESCRIPTION": "Send deletion returns and read back your school's own returns. "
        "Authenticate with your school's API key: Authorization: Token <key>.",
    },
)

urlpatterns = [
    path("deletion-returns/schema/", school_schema, name="deletion-return-schema"),
    *router.urls,
]
