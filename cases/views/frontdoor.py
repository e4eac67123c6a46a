"""The council's side of the front door: the triage queue, where everything new waits for the
team, oldest first. The screens for a school's return (frontdoor_returns, frontdoor_details,
frontdoor_messages) and a consent decision (frontdoor_consent) have their addresses gathered
here."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ehe.roles import Role

from ..forms.frontdoor import TriageFilterForm
from ..selectors.frontdoor import TRIAGE_TYPES, triage_page
from .caseload import page_links
from .common import CaseworkMixin, today
from .frontdoor_consent import ConsentDecisionView
from .frontdoor_details import ReturnDetailsView
from .frontdoor_display import triage_rows
from .frontdoor_messages import ReturnAnswerReadView, ReturnQuestionView
from .frontdoor_returns import ReturnAttachmentView, ReturnDetailView, ReturnMatchView


def triage_href(*, type_code: str = "", page: int | None = None) -> str:
    params = {}
    if type_code:
        params["type"] = type_code
    if page and page > 1:
        params["page"] = page
    return reverse("triage") + (f"?{urlencode(params)}" if params else "")


@method_decorator(never_cache, name="dispatch")
class TriageView(CaseworkMixin, TemplateView):
    """New returns, referrals, involvements and decisions, oldest first, one list."""

    template_name = "cases/frontdoor/triage.html"

    def get_context_data(self, **kwargs):
        on = today()
        form = TriageFilterForm(self.request.GET)
        chosen = form.chosen()
        page, items = triage_page(
            types=form.types(), page_number=self.request.GET.get("page"), today=on
        )
        tabs = [{"code": "", "label": "Everything", "href": triage_href()}] + [
            {"code": code, "label": label, "href": triage_href(type_code=code)}
            for code, label in TRIAGE_TYPES.items()
        ]
        return super().get_context_data(
            page=page,
            rows=triage_rows(items, can_decide=self.request.user.has_role(Role.MANAGER)),
            pagination=page_links(page, lambda n: triage_href(type_code=chosen, page=n)),
            tabs=tabs,
            chosen=chosen,
            chosen_label=TRIAGE_TYPES.get(chosen, ""),
            **kwargs,
        )


urlpatterns = [
    path("triage/", TriageView.as_view(), name="triage"),
    path("returns/<uuid:uid>/", ReturnDetailView.as_view(), name="triage-return"),
    path(
        "returns/<uuid:uid>/attachments/<int:attachment_id>/",
        ReturnAttachmentView.as_view(),
        name="triage-return-attachment",
    ),
    path("returns/<uuid:uid>/match/", ReturnMatchView.as_view(), name="triage-return-match"),
    path("returns/<uuid:uid>/details/", ReturnDetailsView.as_view(), name="triage-return-details"),
    path(
        "returns/<uuid:uid>/question/", ReturnQuestionView.as_view(), name="triage-return-question"
    ),
    path(
        "returns/<uuid:uid>/answer-read/",
        ReturnAnswerReadView.as_view(),
        name="triage-return-answer-read",
    ),
    path("consents/<int:consent_id>/", ConsentDecisionView.as_view(), name="triage-consent"),
]
