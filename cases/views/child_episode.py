"""Forms for what happens on a case: contacts, judgements, information requests and replies,
status moves, closures, post-16 referrals and the outcome of a considering-EHE involvement."""

from django.shortcuts import get_object_or_404
from django.urls import path

from policy.due import information_reply_due, next_contact_due
from policy.guards import FORMAL_STEP_LABELS, move_options
from policy.suitability import GUIDANCE_NOT_A_CHECKLIST
from policy.vocab import INVOLVEMENT_OUTCOMES, SUITABILITY_OUTCOMES
from policy.workflow import status_label

from ..forms.child import (
    CloseForm,
    FormalStepForm,
    InformationReplyForm,
    InformationRequestForm,
    InvolvementConcludeForm,
    JudgementForm,
    Post16AdviceForm,
    TransitionForm,
)
from ..models import CaseworkSettings, Episode, InformationRequest
from ..selectors.child_screens import evidence_on_file, visit_declined
from ..selectors.guards import case_snapshot
from ..services import (
    episode_close,
    episode_transition,
    formal_step_record,
    information_reply_record,
    information_request_create,
    involvement_conclude,
    judgement_record,
    post16_advice_record,
)
from .child_actions import CLOSED_REASON, closure_reasons, judgement_outcomes
from .child_base import EpisodeFormView, due_sentence, long_date
from .common import ManagerMixin, today


def after_message(episode: Episode, done: str) -> str:
    """The success message: what was done, where the case now stands, what is due next."""
    fresh = Episode.objects.get(pk=episode.pk)
    parts = [done]
    if fresh.status != episode.status:
        parts.append(f"The case moved to '{status_label(fresh.status)}'.")
    if fresh.is_open:
        parts.append(due_sentence(fresh))
    return " ".join(p for p in parts if p)


class JudgementCreateView(EpisodeFormView):
    action = "judgement"
    title = "Record a judgement"
    submit_label = "Save judgement"
    template_name = "cases/child/judgement_form.html"
    form_class = JudgementForm
    dated_fields = ("decided_on",)

    def load(self) -> None:
        super().load()
        self.values = CaseworkSettings.current().due_values()
        self.declined = self.episode.is_open and visit_declined(self.episode)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            outcomes=judgement_outcomes(self.episode.kind, self.episode.status),
            declined_visit=self.declined,
            default_next_contact=next_contact_due(today(), self.values),
            default_reply_by=information_reply_due(today(), self.values),
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offered = judgement_outcomes(self.episode.kind, self.episode.status)
        context.update(
            guidance=GUIDANCE_NOT_A_CHECKLIST,
            evidence=evidence_on_file(self.episode, today()),
            declined_visit=self.declined,
            not_offered=[
                SUITABILITY_OUTCOMES.label(code)
                for code, _ in SUITABILITY_OUTCOMES.choices
                if code not in offered
            ],
            status=status_label(self.episode.status),
            offered=offered,
        )
        return context

    def perform(self, form) -> str:
        data = form.cleaned_data
        judgement_record(
            by=self.request.user,
            episode=self.episode,
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            reasons=data["reasons"],
            consideration_notes=form.consideration_notes(),
            evidence_considered=data["evidence_considered"],
            medical_sen_evidence_considered=data["medical_sen_evidence_considered"],
            not_based_on_declined_visit=data.get("not_based_on_declined_visit", False),
            next_contact_due_on=data["next_contact_due_on"],
            what_would_help=data["what_would_help"],
            reply_by=data["reply_by"],
            today=today(),
            channel="web",
        )
        label = SUITABILITY_OUTCOMES.label(data["outcome"])
        return after_message(self.episode, f"Judgement recorded: {label}.")


class InformationRequestCreateView(EpisodeFormView):
    action = "information_request"
    title = "Request further information"
    submit_label = "Save request"
    form_class = InformationRequestForm
    dated_fields = ("requested_on",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        values = CaseworkSettings.current().due_values()
        kwargs["default_reply_by"] = information_reply_due(today(), values)
        return kwargs

    def perform(self, form) -> str:
        data = form.cleaned_data
        request = information_request_create(
            by=self.request.user,
            episode=self.episode,
            requested_on=data["requested_on"],
            what_would_help=data["what_would_help"],
            reply_by=data["reply_by"],
            today=today(),
            channel="web",
        )
        return after_message(
            self.episode, f"Request recorded. Reply asked for by {long_date(request.reply_by)}."
        )


class InformationReplyView(EpisodeFormView):
    title = "Record the reply received"
    submit_label = "Save"
    form_class = InformationReplyForm
    dated_fields = ("received_on",)

    def load(self) -> None:
        super().load()
        self.request_obj = get_object_or_404(
            InformationRequest, pk=self.kwargs["request_id"], episode=self.episode
        )

    def refusal(self) -> str | None:
        if not self.episode.is_open:
            return CLOSED_REASON
        if self.request_obj.reply_received_on is not None:
            return (
                "A reply to this request was already recorded on "
                f"{long_date(self.request_obj.reply_received_on)}."
            )
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(information_request=self.request_obj, **kwargs)

    def perform(self, form) -> str:
        information_reply_record(
            by=self.request.user,
            request=self.request_obj,
            received_on=form.cleaned_data["received_on"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, "Reply recorded.")


class CloseView(EpisodeFormView):
    action = "close"
    title = "Close the case"
    submit_label = "Close case"
    form_class = CloseForm
    dated_fields = ("on",)

    def get_initial(self):
        return super().get_initial() | {"version": self.episode.version}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reasons"] = closure_reasons(self.episode.kind, self.episode.status)
        return kwargs

    def perform(self, form) -> str:
        data = form.cleaned_data
        episode_close(
            by=self.request.user,
            episode=self.episode,
            on=data["on"],
            closure_reason=data["closure_reason"],
            notes=data["closure_notes"],
            expected_version=data["version"],
            today=today(),
            channel="web",
        )
        return "Case closed."


class TransitionView(EpisodeFormView):
    """Only the moves whose preconditions hold are offered; the others are listed with the
    reason each is not available now (policy.guards), so nobody is sent round in circles."""

    action = "transition"
    title = "Move the case to another status"
    submit_label = "Save"
    form_class = TransitionForm
    dated_fields = ("on",)
    template_name = "cases/child/transition_form.html"

    def load(self) -> None:
        super().load()
        options = move_options(case_snapshot(self.episode), on=today())
        self.offered = [target for target, refusal in options if refusal is None]
        self.unavailable = [
            {"status": status_label(target), "reason": refusal.message}
            for target, refusal in options
            if refusal is not None
        ]

    def refusal(self) -> str | None:
        if not self.episode.is_open:
            return CLOSED_REASON
        if not self.offered:
            reasons = " ".join(f"{u['status']}: {u['reason']}" for u in self.unavailable)
            return f"No move can be made from this screen now. {reasons}".strip()
        return None

    def get_initial(self):
        return super().get_initial() | {"version": self.episode.version}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["targets"] = self.offered
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=status_label(self.episode.status), unavailable=self.unavailable, **kwargs
        )

    def perform(self, form) -> str:
        data = form.cleaned_data
        episode_transition(
            by=self.request.user,
            episode=self.episode,
            to=data["to"],
            on=data["on"],
            reason=data["reason"],
            expected_version=data["version"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, "Status changed.")


class FormalStepView(ManagerMixin, EpisodeFormView):
    """A manager records a notice or order served (or an order revoked); the step makes the
    move it carries (cases.services.formal_step_record)."""

    action = "formal_step"
    title = "Record a notice or order served"
    submit_label = "Save"
    form_class = FormalStepForm
    dated_fields = ("on",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["kinds"] = list(FORMAL_STEP_LABELS.items())
        return kwargs

    def perform(self, form) -> str:
        data = form.cleaned_data
        formal_step_record(
            by=self.request.user,
            episode=self.episode,
            kind=data["kind"],
            on=data["on"],
            notes=data["notes"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, f"Recorded: {FORMAL_STEP_LABELS[data['kind']]}.")


class InvolvementConcludeView(EpisodeFormView):
    action = "conclude"
    title = "Record the outcome"
    submit_label = "Save outcome"
    form_class = InvolvementConcludeForm
    dated_fields = ("on",)

    def perform(self, form) -> str:
        data = form.cleaned_data
        opened = involvement_conclude(
            by=self.request.user,
            episode=self.episode,
            outcome=data["closure_reason"],
            on=data["on"],
            notes=data["closure_notes"],
            today=today(),
            channel="web",
        )
        message = f"Outcome recorded: {INVOLVEMENT_OUTCOMES.label(data['closure_reason'])}."
        if opened is not None:
            opened.refresh_from_db()  # its due date was written by a separate update
            message += " A home education case has been opened. " + due_sentence(opened)
        return message.strip()


class Post16AdviceView(EpisodeFormView):
    action = "post16"
    title = "Record post-16 advice referral"
    submit_label = "Save referral"
    form_class = Post16AdviceForm
    dated_fields = ("on",)

    def perform(self, form) -> str:
        data = form.cleaned_data
        post16_advice_record(
            by=self.request.user,
            episode=self.episode,
            on=data["on"],
            notes=data["notes"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, "Post-16 advice referral recorded.")


CASE = "children/<uuid:uid>/cases/<uuid:episode_uid>/"

urlpatterns = [
    path(f"{CASE}judgements/new/", JudgementCreateView.as_view(), name="child-judgement-new"),
    path(
        f"{CASE}information-requests/new/",
        InformationRequestCreateView.as_view(),
        name="child-information-request-new",
    ),
    path(
        f"{CASE}information-requests/<int:request_id>/reply/",
        InformationReplyView.as_view(),
        name="child-information-reply",
    ),
    path(f"{CASE}close/", CloseView.as_view(), name="child-close"),
    path(f"{CASE}transition/", TransitionView.as_view(), name="child-transition"),
    path(f"{CASE}formal-steps/new/", FormalStepView.as_view(), name="child-formal-step"),
    path(f"{CASE}outcome/", InvolvementConcludeView.as_view(), name="child-involvement-conclude"),
    path(f"{CASE}post-16-advice/", Post16AdviceView.as_view(), name="child-post16"),
]
