"""The API reference at ``/api/docs/``: our own page, drawn from the OpenAPI schema that
drf-spectacular generates, in the service's GOV.UK layout (docs/decisions/0014-api-reference.md).

Swagger UI, which this page replaced, failed dozens of accessibility checks (text contrast,
buttons inside buttons) and needed its own scripts and styles. This page is plain HTML: every
endpoint grouped by resource, its parameters, the fields it takes and what it answers, then
every shape the API uses. The machine-readable schema stays at ``/api/schema/``.
"""

import re
from functools import cache

from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.views import APIView

from .common import CaseworkRoles

METHODS = ("get", "post", "put", "patch", "delete")
# GOV.UK tag colours, one per kind of request; each passes WCAG AA contrast.
METHOD_TAGS = {
    "get": "govuk-tag--blue",
    "post": "govuk-tag--green",
    "put": "govuk-tag--orange",
    "patch": "govuk-tag--yellow",
    "delete": "govuk-tag--red",
}
AUTH = {
    "cookieAuth": "Signed-in session (officers and managers)",
    "schoolToken": "A school's API key",
}
_REF = "#/components/schemas/"
_ENUM_LINE = re.compile(r"^\* `([^`]*)` - (.*)$")


def text(value: str):
    """Description text as HTML: paragraphs, and `code` in back-quotes. Everything is escaped
    (format_html), so a description can never add markup of its own."""

    def paragraph(words: str):
        pieces = re.split(r"`([^`]+)`", " ".join(words.split()))
        inner = format_html_join(
            "",
            "{}",
            ((format_html("<code>{}</code>", p) if i % 2 else p,) for i, p in enumerate(pieces)),
        )
        return format_html('<p class="govuk-body">{}</p>', inner)

    paragraphs = [p for p in re.split(r"\n\s*\n", value or "") if p.strip()]
    return format_html_join("", "{}", ((paragraph(p),) for p in paragraphs))


def _anchor(name: str) -> str:
    return "schema-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def type_of(schema: dict):
    """A field's type in words, as HTML; a named shape links to its description."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(_REF)
        return format_html('<a class="govuk-link" href="#{}">{}</a>', _anchor(name), name)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return format_html_join(" or ", "{}", ((type_of(part),) for part in schema[combined]))
    kind = schema.get("type", "object")
    if kind == "array":
        return format_html("list of {}", type_of(schema.get("items", {})))
    return format_html(
        "{}{}{}",
        kind,
        f" ({schema['format']})" if schema.get("format") else "",
        " or null" if schema.get("nullable") else "",
    )


def _limits(schema: dict):
    notes = []
    if "maxLength" in schema:
        notes.append(format_html("At most {} characters.", f"{schema['maxLength']:,}"))
    if "minimum" in schema and "maximum" in schema:
        notes.append(format_html("From {} to {}.", schema["minimum"], schema["maximum"]))
    if "enum" in schema:
        values = [(value,) for value in schema["enum"] if value not in ("", None)]
        notes.append(format_html("One of {}.", format_html_join(", ", "<code>{}</code>", values)))
    if schema.get("readOnly"):
        notes.append("Read only.")
    return format_html_join(" ", "{}", ((note,) for note in notes))


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "type": type_of(field),
            "required": name in required,
            "description": text(field.get("description", "")),
            "notes": _limits(field),
        }
        for name, field in schema.get("properties", {}).items()
    ]


def _enum_values(schema: dict) -> list[tuple[str, str]]:
    labels = {}
    for line in (schema.get("description") or "").splitlines():
        if match := _ENUM_LINE.match(line.strip()):
            labels[match.group(1)] = match.group(2)
    return [(str(value), labels.get(str(value), "")) for value in schema["enum"] if value]


def _body(content: dict) -> list[dict]:
    return [
        {"media_type": media_type, "type": type_of(item.get("schema", {}))}
        for media_type, item in (content or {}).items()
    ]


def _operation(path: str, method: str, operation: dict) -> dict:
    request = operation.get("requestBody") or {}
    return {
        "id": operation.get("operationId", f"{method}-{path}"),
        "method": method.upper(),
        "tag_class": METHOD_TAGS[method],
        "path": path,
        "summary": operation.get("summary") or f"{method.upper()} {path}",
        "description": text(operation.get("description", "")),
        "auth": [AUTH.get(name, name) for item in operation.get("security", []) for name in item],
        "parameters": [
            {
                "name": parameter["name"],
                "where": {"path": "address", "query": "query string", "header": "header"}.get(
                    parameter["in"], parameter["in"]
                ),
                "type": type_of(parameter.get("schema", {})),
                "required": parameter.get("required", False),
                "description": text(parameter.get("description", "")),
            }
            for parameter in operation.get("parameters", [])
        ],
        "request": _body(request.get("content")),
        "responses": [
            {
                "status": status,
                "description": text(response.get("description", "")),
                "bodies": _body(response.get("content")),
            }
            for status, response in sorted(operation.get("responses", {}).items())
        ],
    }


@cache
def reference() -> dict:
    """The page's content, from the schema (the same for everyone who may see it, so built
    once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups: dict[str, list[dict]] = {}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method in operations:
                operation = operations[method]
                tag = (operation.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(path, method, operation))
    shapes = []
    for name, shape in sorted(schema["components"]["schemas"].items()):
        shapes.append(
            {
                "name": name,
                "anchor": _anchor(name),
                "description": text(shape.get("description", "") if "enum" not in shape else ""),
                "fields": _fields(shape),
                "values": _enum_values(shape) if "enum" in shape else [],
                "type": type_of(shape) if not shape.get("properties") else "",
            }
        )
    info = schema["info"]
    return {
        "title": info["title"],
        "version": info["version"],
        "description": text(info.get("description", "")),
        "groups": [
            {"tag": tag, "anchor": f"group-{tag}", "title": tag.replace("-", " ").capitalize()}
            | {"operations": operations}
            for tag, operations in sorted(groups.items())
        ],
        "shapes": shapes,
    }


class ApiDocsView(APIView):
    """For the people who may use the API (officers and managers): anyone else gets 403."""

    permission_classes = [CaseworkRoles]
    renderer_classes = [TemplateHTMLRenderer]

    @extend_schema(exclude=True)
    def get(self, request):
        return render(request._request, "cases/api/docs.html", reference())
