"""Recording a contact with a family on a case."""

from django.urls import path

from ..forms.contacts import ContactForm
from ..selectors.child_screens import most_common_contact_type
from ..services import contact_record
from .child_base import EpisodeFormView
from .child_episode import CASE, after_message
from .common import today


class ContactCreateView(EpisodeFormView):
    action = "contact"
    title = "Record a contact"
    submit_label = "Save contact"
    form_class = ContactForm
    dated_fields = ("occurred_on",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["most_common_type"] = most_common_contact_type(self.request.user)
        kwargs["kind"] = self.episode.kind
        return kwargs

    def perform(self, form) -> str:
        data = form.cleaned_data
        contact_record(
            by=self.request.user,
            episode=self.episode,
            contact_type=data["contact_type"],
            occurred_on=data["occurred_on"],
            outcome=data["outcome"],
            present=data["present"],
            child_seen=data["child_seen"],
            child_views=data["child_views"],
            parent_consented_to_views=data["parent_consented_to_views"],
            notes=data["notes"],
            today=today(),
            channel="web",
        )
        return after_message(self.episode, "Contact recorded.")


urlpatterns = [
    path(f"{CASE}contacts/new/", ContactCreateView.as_view(), name="child-contact-new"),
]
