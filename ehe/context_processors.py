from django.conf import settings

from .navigation import nav_items_for


def service(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    role = user.primary_role if signed_in else None
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav_items_for(user, request.path) if signed_in else [],
        "user_role_label": role.label if role else "",
    }
