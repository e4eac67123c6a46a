"""Opening a new case for a child the team already knows (a new spell of home education, a
child now missing education, or a family considering home education)."""

from django.urls import path

from ..forms.child_open import OpenCaseForm
from ..services import episode_open
from .child_base import ChildFormView, due_sentence
from .common import today


class OpenCaseView(ChildFormView):
    title = "Open a case"
    submit_label = "Open case"
    form_class = OpenCaseForm
    dated_fields = ("start_date",)
    service_fields = {"primary_reason": "reason"}

    def perform(self, form) -> str:
        data = form.cleaned_data
        episode = episode_open(
            by=self.request.user,
            child=self.child,
            kind=data["kind"],
            start_date=data["start_date"],
            source=data["source"],
            primary_reason=data["primary_reason"],
            previous_school_type=data["previous_school_type"],
            today=today(),
            channel="web",
        )
        # What comes first depends on the kind of case (an acknowledgement letter, a home
        # visit, a follow-up), so say what it is.
        return f"{episode.get_kind_display()} case opened. {due_sentence(episode)}".strip()


urlpatterns = [
    path("children/<uuid:uid>/cases/new/", OpenCaseView.as_view(), name="child-case-open"),
]
