"""Children missing education (DOMAIN §5.3): taking a referral, recording the reasonable
enquiries, closing a case with its DfE outcome, and correcting a case's DfE reason.

The referral is one address, three steps, all posted so that no name or date of birth ever
appears in a URL: search for the child among those the team knows; choose one or choose to
enter a new child; give the referral. ``cases.services.cme_intake.cme_referral_register``
saves it all or nothing.
"""

import uuid

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from policy.vocab import CME_CLOSURE_OUTCOMES, CME_ENQUIRY_ITEMS
from policy.workflow import EpisodeKind, status_label

from ..forms.cme import (
    NEW_CHILD,
    CMECloseForm,
    EnquiryForm,
    NewChildReferralForm,
    ReasonForm,
    ReferralChoiceForm,
    ReferralForm,
    ReferralSearchForm,
)
from ..models import Child, Episode
from ..selectors import child_search
from ..selectors.cme import episode_enquiries, social_care_alert_raised
from ..services import ServiceError, audit_read_many, cme_enquiry_record
from ..services.cme_intake import cme_referral_register, episode_reason_update
from .child_actions import CLOSED_REASON
from .child_base import EpisodeFormView, due_sentence, identity
from .child_episode import CloseView
from .common import CaseworkMixin, apply_service_error, client_ip, record_child_read, today

SEARCH_LIMIT = 20
SEARCH_FIELDS = ("name", "date_of_birth_day", "date_of_birth_month", "date_of_birth_year")
ALREADY_OPEN = "Already has an open missing education case"


def _referral_url() -> str:
    return reverse("cme-referral-new")


@method_decorator(never_cache, name="dispatch")
class ReferralView(CaseworkMixin, View):
    """``step`` in the posted form says which of the three steps the officer is on."""

    more = False  # the search found more children than are shown

    def get(self, request):
        return self._search_page(ReferralSearchForm())

    def post(self, request):
        step = request.POST.get("step")
        if step == "choose":
            return self.choose()
        if step == "register":
            return self.register()
        return self.search()

    # Step 1: search ---------------------------------------------------------------------

    def _found(self, search: ReferralSearchForm) -> list[Child]:
        data = search.cleaned_data
        found = list(
            child_search(
                self.request.user,
                name=data["name"],
                date_of_birth=data["date_of_birth"],
                limit=SEARCH_LIMIT + 1,
            )
        )
        self.more = len(found) > SEARCH_LIMIT
        found = found[:SEARCH_LIMIT]
        # Each child named on the page counts as a read of their record (DOMAIN §10).
        audit_read_many(
            by=self.request.user,
            objs=found,
            child_id_of=lambda child: child.pk,
            detail="CME referral search",
            channel="web",
            ip=client_ip(self.request),
        )
        return found

    @staticmethod
    def _blocked(children: list[Child]) -> dict[str, str]:
        return {
            str(child.uid): ALREADY_OPEN
            for child in children
            if any(e.kind == EpisodeKind.CME for e in child.open_episodes)
        }

    def _search_page(self, search, *, children=None, choice=None):
        # The choice is posted with the search terms, as hidden fields, to rebuild the list.
        carried = [(name, search.data.get(name, "")) for name in SEARCH_FIELDS]
        return render(
            self.request,
            "cases/cme/referral_search.html",
            {
                "search": search,
                "choice": choice,
                "children": children,
                "carried": carried,
                "more": self.more,
                # The error summary shows whichever form the officer last sent.
                "form": choice if choice is not None and choice.is_bound else search,
            },
        )

    def search(self):
        search = ReferralSearchForm(self.request.POST)
        if not search.is_valid():
            return self._search_page(search)
        children = self._found(search)
        choice = ReferralChoiceForm(children=children, blocked=self._blocked(children))
        return self._search_page(search, children=children, choice=choice)

    # Step 2: choose ---------------------------------------------------------------------

    def choose(self):
        # The search terms travel with the choice, so the list is rebuilt rather than trusted.
        search = ReferralSearchForm(self.request.POST)
        if not search.is_valid():
            return self._search_page(search)
        children = self._found(search)
        choice = ReferralChoiceForm(
            self.request.POST, children=children, blocked=self._blocked(children)
        )
        if not choice.is_valid():
            return self._search_page(search, children=children, choice=choice)
        chosen = choice.cleaned_data["child"]
        if chosen == NEW_CHILD:
            form = NewChildReferralForm(initial=self._initial_from(search))
            return self._referral_page(form, child=None)
        child = next(c for c in children if str(c.uid) == chosen)
        return self._referral_page(ReferralForm(initial={"start_date": today()}), child=child)

    @staticmethod
    def _initial_from(search: ReferralSearchForm) -> dict:
        words = search.cleaned_data["name"].split()
        initial = {"start_date": today(), "in_area": True, "csc_status": "none"}
        if words:
            initial["legal_first_name"] = words[0]
        if len(words) > 1:
            initial["legal_last_name"] = words[-1]
        if search.cleaned_data["date_of_birth"]:
            initial["date_of_birth"] = search.cleaned_data["date_of_birth"]
        return initial

    # Step 3: the referral ---------------------------------------------------------------

    def _referral_page(self, form, *, child: Child | None):
        if child is not None:
            record_child_read(self.request, child, detail="CME referral")
        return render(
            self.request,
            "cases/cme/referral_form.html",
            {"form": form, "child": child, "chosen": str(child.uid) if child else NEW_CHILD},
        )

    def register(self):
        chosen = self.request.POST.get("child", "")
        child = None
        if chosen == NEW_CHILD:
            form = NewChildReferralForm(self.request.POST)
        else:
            child = get_object_or_404(Child, uid=chosen) if _is_uuid(chosen) else None
            if child is None:
                return redirect(_referral_url())
            form = ReferralForm(self.request.POST)
        if not form.is_valid():
            return self._referral_page(form, child=child)
        try:
            referral = cme_referral_register(
                by=self.request.user,
                child=child,
                today=today(),
                **form.service_arguments(),
                channel="web",
            )
        except ServiceError as error:
            apply_service_error(form, error)
            return self._referral_page(form, child=child)
        return redirect(reverse("cme-referral-done", args=[referral.episode.uid]))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class ReferralDoneView(CaseworkMixin, View):
    """What happens next, and the social-care warning when the case raised one."""

    def get(self, request, episode_uid):
        episode = get_object_or_404(
            Episode.objects.select_related("child"), uid=episode_uid, kind=EpisodeKind.CME
        )
        record_child_read(request, episode.child, detail="CME referral registered")
        return render(
            request,
            "cases/cme/referral_done.html",
            identity(episode.child, today())
            | {
                "episode": episode,
                "refer_to_social_care": social_care_alert_raised(episode),
                "due": due_sentence(episode),
            },
        )


class CMEEpisodeFormView(EpisodeFormView):
    """A form on a CME case only."""

    def refusal(self) -> str | None:
        if self.episode.kind != EpisodeKind.CME:
            return "This is recorded on children missing education cases only."
        if not self.episode.is_open:
            return CLOSED_REASON
        return None


class EnquiryCreateView(CMEEpisodeFormView):
    title = "Record an enquiry"
    submit_label = "Save enquiry"
    template_name = "cases/cme/enquiry_form.html"
    form_class = EnquiryForm
    dated_fields = ("made_on",)

    def get_initial(self):
        initial = super().get_initial()
        # The checklist links to this form with the item chosen (a code, never personal data).
        if self.request.GET.get("item") in CME_ENQUIRY_ITEMS:
            initial["item"] = self.request.GET["item"]
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(enquiries=episode_enquiries(self.episode), **kwargs)

    def perform(self, form) -> str:
        data = form.cleaned_data
        cme_enquiry_record(
            by=self.request.user,
            episode=self.episode,
            item=data["item"],
            made_on=data["made_on"],
            outcome=data["outcome"],
            today=today(),
            channel="web",
        )
        message = f"Enquiry recorded: {CME_ENQUIRY_ITEMS.label(data['item'])}."
        fresh = Episode.objects.get(pk=self.episode.pk)
        if fresh.status != self.episode.status:
            message += f" The case moved to '{status_label(fresh.status)}'."
        return message


class CMECloseView(CloseView):
    """The close form for CME cases: the DfE closure outcomes, with the checks particular to
    some of them (CMECloseForm)."""

    template_name = "cases/cme/close_form.html"
    form_class = CMECloseForm

    def refusal(self) -> str | None:
        if self.episode.kind != EpisodeKind.CME:
            return "This form closes children missing education cases only."
        return super().refusal()

    def load(self) -> None:
        super().load()
        self.enquiries = episode_enquiries(self.episode)
        made = {enquiry.item for enquiry in self.enquiries}
        self.items_not_made = [
            (c, label) for c, label in CME_ENQUIRY_ITEMS.choices if c not in made
        ]

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"items_not_made": self.items_not_made}

    def get_context_data(self, **kwargs):
        return super().get_context_data(items_not_made=self.items_not_made, **kwargs)

    def perform(self, form) -> str:
        super().perform(form)
        label = CME_CLOSURE_OUTCOMES.label(form.cleaned_data["closure_reason"])
        message = f"Case closed: {label}."
        opened = Episode.objects.filter(linked_from=self.episode, kind=EpisodeKind.EHE).first()
        if opened is not None:
            message += " A home education case has been opened. " + due_sentence(opened)
        return message.strip()


class ReasonEditView(EpisodeFormView):
    """Correct the DfE reason of an open EHE or CME case: the return counts it (§8.3, §8.5)."""

    title = "Change the DfE reason"
    submit_label = "Save reason"
    form_class = ReasonForm

    def refusal(self) -> str | None:
        if not self.episode.is_open:
            return CLOSED_REASON
        if self.episode.kind not in {EpisodeKind.EHE, EpisodeKind.CME}:
            return "A considering-home-education case takes no DfE reason."
        return None

    def get_initial(self):
        return {"primary_reason": self.episode.primary_reason, "version": self.episode.version}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"kind": self.episode.kind}

    def perform(self, form) -> str:
        data = form.cleaned_data
        episode_reason_update(
            by=self.request.user,
            episode=self.episode,
            primary_reason=data["primary_reason"],
            expected_version=data["version"],
            today=today(),
            channel="web",
        )
        return "DfE reason changed."


CASE = "children/<uuid:uid>/cases/<uuid:episode_uid>/"

urlpatterns = [
    path("cme/referrals/new/", ReferralView.as_view(), name="cme-referral-new"),
    path(
        "cme/referrals/<uuid:episode_uid>/registered/",
        ReferralDoneView.as_view(),
        name="cme-referral-done",
    ),
    path(f"{CASE}enquiries/new/", EnquiryCreateView.as_view(), name="cme-enquiry-new"),
    path(f"{CASE}close-cme/", CMECloseView.as_view(), name="cme-close"),
    path(f"{CASE}reason/", ReasonEditView.as_view(), name="case-reason-edit"),
]
