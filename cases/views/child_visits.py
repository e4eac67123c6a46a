"""Booking a visit or meeting on a case, and recording on the day whether it was held."""

from django.shortcuts import get_object_or_404
from django.urls import path

from ..forms.visits import VisitBookForm, VisitHeldForm, VisitNotHeldForm
from ..models import BookedVisit
from ..services import visit_book, visit_record_held, visit_record_not_held
from .child_actions import CLOSED_REASON
from .child_base import EpisodeFormView, long_date
from .child_episode import CASE, after_message
from .common import today


def booked_for(visit: BookedVisit) -> str:
    when = long_date(visit.booked_on)
    return f"{when} at {visit.booked_time:%H:%M}" if visit.booked_time else when


class VisitBookView(EpisodeFormView):
    title = "Book a visit or meeting"
    submit_label = "Book it"
    form_class = VisitBookForm
    dated_fields = ("booked_on",)

    def refusal(self) -> str | None:
        return None if self.episode.is_open else CLOSED_REASON

    def perform(self, form) -> str:
        data = form.cleaned_data
        visit = visit_book(
            by=self.request.user,
            episode=self.episode,
            kind=data["kind"],
            booked_on=data["booked_on"],
            booked_time=data["booked_time"],
            notes=data["notes"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, f"{visit.kind_label} booked for {booked_for(visit)}.")


class _VisitOutcomeView(EpisodeFormView):
    """Recording what happened at a booked visit or meeting: only on the day or after it, and
    only once."""

    visit: BookedVisit

    def load(self) -> None:
        super().load()
        self.visit = get_object_or_404(
            BookedVisit, uid=self.kwargs["visit_uid"], episode=self.episode
        )

    def refusal(self) -> str | None:
        if not self.episode.is_open:
            return CLOSED_REASON
        if not self.visit.is_waiting:
            return "What happened at this visit or meeting is already recorded."
        if self.visit.booked_on > today():
            return (
                f"This {self.visit.kind_label.lower()} is booked for "
                f"{long_date(self.visit.booked_on)}. Record what happened on the day or after it."
            )
        return None

    def base_context(self) -> dict:
        return super().base_context() | {
            "caption": f"{self.visit.kind_label} booked for {booked_for(self.visit)}",
        }


class VisitHeldView(_VisitOutcomeView):
    title = "Record the visit or meeting"
    submit_label = "Save"
    form_class = VisitHeldForm

    def perform(self, form) -> str:
        data = form.cleaned_data
        visit_record_held(
            by=self.request.user,
            visit=self.visit,
            outcome=data["outcome"],
            present=data["present"],
            child_seen=data["child_seen"],
            child_views=data["child_views"],
            parent_consented_to_views=data["parent_consented_to_views"],
            notes=data["notes"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, f"{self.visit.kind_label} recorded as held.")


class VisitNotHeldView(_VisitOutcomeView):
    title = "Record that it did not take place"
    submit_label = "Save"
    form_class = VisitNotHeldForm

    def perform(self, form) -> str:
        data = form.cleaned_data
        visit = visit_record_not_held(
            by=self.request.user,
            visit=self.visit,
            reason=data["reason"],
            notes=data["notes"],
            rebook_on=data["rebook_on"],
            rebook_time=data["rebook_time"],
            today=today(),
            channel="web",
        )
        done = f"{visit.kind_label} recorded as not held."
        if visit.rearranged_to is not None:
            done += f" Booked again for {booked_for(visit.rearranged_to)}."
        return after_message(self.episode, done)


VISIT = CASE + "visits/<uuid:visit_uid>/"

urlpatterns = [
    path(f"{CASE}visits/new/", VisitBookView.as_view(), name="child-visit-book"),
    path(f"{VISIT}held/", VisitHeldView.as_view(), name="child-visit-held"),
    path(f"{VISIT}not-held/", VisitNotHeldView.as_view(), name="child-visit-not-held"),
]
