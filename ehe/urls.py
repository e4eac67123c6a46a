from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from . import views
from .roles import Role

admin.site.site_header = "Service configuration"
admin.site.site_title = "Service configuration"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # officer/ and manager/ (the casework home pages) are defined by cases.views.caseload,
    # and school/ (the school staff's home) by cases.views.school.
    path("analyst/", views.role_home_view(Role.ANALYST), name="analyst-home"),
    path(
        "administration/",
        views.role_home_view(Role.ADMINISTRATOR),
        name="administrator-home",
    ),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots, name="robots"),
    path("admin/", admin.site.urls),
    path("api/", include("cases.api.urls")),
    path("", include("cases.urls")),
]
