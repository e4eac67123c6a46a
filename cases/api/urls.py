"""The casework API (``/api/v1/``), its OpenAPI schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .children import ChildViewSet, PersonViewSet
from .common import CaseworkRoles
from .docs import ApiDocsView
from .episodes import EpisodeViewSet
from .records import ContactViewSet, DocumentViewSet, JudgementViewSet
from .visits import BookedVisitViewSet

app_name = "api"

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("people", PersonViewSet, basename="person")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("contacts", ContactViewSet, basename="contact")
router.register("judgements", JudgementViewSet, basename="judgement")
router.register("documents", DocumentViewSet, basename="document")
router.register("booked-visits", BookedVisitViewSet, basename="booked-visit")

# The schema and its documentation describe the casework API, so they are for the people who
# may use it (least privilege, DOMAIN §10), like every endpoint they describe.
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[CaseworkRoles]), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("v1/", include(router.urls)),
    # The school front door (deletion returns) and CME casework add their own routes.
    path("v1/", include("cases.api.school_urls")),
    path("v1/", include("cases.api.cme_urls")),
]
