"""Sign-in, the role home pages, static pages and error pages."""

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .forms import SignInForm
from .navigation import role_home_path
from .permissions import RoleRequiredMixin
from .roles import Role


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@never_cache
def home(request):
    """Send each person to the home page of their role."""
    if not request.user.is_authenticated:
        return redirect("login")
    path = role_home_path(request.user)
    if path:
        return redirect(path)
    return render(request, "home/no_role.html", status=403)


class RoleHomeView(RoleRequiredMixin, TemplateView):
    role: Role | None = None

    def get_template_names(self):
        return [f"home/{self.role.value}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, **kwargs)


def role_home_view(role: Role):
    return RoleHomeView.as_view(role=role, allowed_roles=(role,))


def healthz(request):
    """Liveness and database reachability for the load balancer; no personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
