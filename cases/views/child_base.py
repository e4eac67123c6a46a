"""What every screen reached from a child shares: loading the child (and case) from the opaque
ids in the URL, auditing the read, refusing an action the case's state does not allow, and
turning a service's refusal into GOV.UK form errors."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import FormView

from policy.due import BOOKED_LABELS, DUE_KIND_LABELS

from ..models import Child, Episode
from ..services import ServiceError, TransitionRefused
from .child_actions import refusal
from .common import CaseworkMixin, apply_service_error, record_child_read, today


def child_url(child: Child) -> str:
    return reverse("child-detail", args=[child.uid])


def identity(child: Child, on) -> dict:
    """What the identity bar shows about the child."""
    return {
        "child": child,
        "today": on,
        "age": child.age(on),
        "year_group": child.year_group_label(on),
    }


def long_date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


class ChildFormView(CaseworkMixin, FormView):
    """A GOV.UK form about one child that calls one service.

    Subclasses set ``title`` and implement ``perform(form)``, which calls the service and
    returns the success message. A ServiceError becomes field errors (nothing was saved); a
    TransitionRefused or a stale edit goes in the error summary.
    """

    template_name = "cases/child/form.html"
    title = ""
    caption = ""
    submit_label = "Save"
    audit_detail = ""
    child: Child

    def load(self) -> None:
        self.child = get_object_or_404(Child, uid=self.kwargs["uid"])

    def refusal(self) -> str | None:
        """Why this action cannot be taken at all in the record's current state."""
        return None

    def get(self, request, *args, **kwargs):
        self.load()
        # Even a form shows part of the child's record (DOMAIN §10).
        record_child_read(request, self.child, detail=self.audit_detail or self.title)
        if (reason := self.refusal()) is not None:
            return self.refused(reason)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        if (reason := self.refusal()) is not None:
            return self.refused(reason)
        return super().post(request, *args, **kwargs)

    def refused(self, reason: str):
        context = self.base_context() | {"refusal": reason}
        return render(self.request, "cases/child/refused.html", context, status=409)

    def base_context(self) -> dict:
        return identity(self.child, today()) | {
            "title": self.title,
            "caption": self.caption,
            "back_url": child_url(self.child),
            "submit_label": self.submit_label,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.base_context(), **kwargs)

    # A service argument whose form field has another name: {argument: field}, so that the
    # service's refusal lands on the field.
    service_fields: dict[str, str] = {}

    # Date fields that default to today: most things are recorded on the day they happen.
    dated_fields: tuple[str, ...] = ()

    def get_initial(self):
        return {name: today() for name in self.dated_fields}

    def perform(self, form) -> str:
        raise NotImplementedError

    def success_url(self) -> str:
        return child_url(self.child)

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except TransitionRefused as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ServiceError as error:
            apply_service_error(form, error, self.service_fields)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.success_url())


class EpisodeFormView(ChildFormView):
    """A form about one case of the child. ``action`` names the entry in child_actions whose
    availability decides whether the form is offered at all."""

    action = ""
    episode: Episode

    def load(self) -> None:
        super().load()
        self.episode = get_object_or_404(
            Episode.objects.select_related("allocated_officer"),
            uid=self.kwargs["episode_uid"],
            child=self.child,
        )

    def refusal(self) -> str | None:
        if not self.action:
            return None
        return refusal(self.action, self.episode, year_group=self.child.year_group(today()))

    def base_context(self) -> dict:
        return super().base_context() | {
            "episode": self.episode,
            "caption": self.caption or self.episode.get_kind_display(),
        }


def due_sentence(episode: Episode) -> str:
    """For the message after a change, e.g. "Next contact due 14 November 2027"."""
    if not episode.next_due_on:
        return ""
    when = long_date(episode.next_due_on)
    if episode.next_due_kind == "csa_end":
        return f"Leaves compulsory school age {when}."
    if episode.next_due_kind in BOOKED_LABELS:
        return f"{BOOKED_LABELS[episode.next_due_kind]} on {when}."
    label = DUE_KIND_LABELS.get(episode.next_due_kind, "Next action")
    return f"{label} due {when}."
