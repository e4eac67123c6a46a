"""Forms for the child's own record and the people around them, safeguarding concerns,
documents (upload and download) and managers' alerts; and registering a new child by hand."""

import re
from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView

from policy.vocab import CSC_STATUS, SEN_STATUS

from ..forms.child import SafeguardingForm
from ..forms.child_records import (
    AddressForm,
    ChildEditForm,
    DocumentUploadForm,
    PersonAddForm,
    PersonEditForm,
    RegisterChildForm,
    RelationshipForm,
    StatusForm,
)
from ..models import (
    Alert,
    ChildCSCStatus,
    ChildSENStatus,
    Contact,
    Document,
    Person,
    Relationship,
)
from ..services import (
    ServiceError,
    alert_acknowledge,
    audit_read,
    child_address_set,
    child_csc_status_set,
    child_sen_status_set,
    child_update,
    document_upload,
    person_add_to_child,
    person_update,
    relationship_update,
    safeguarding_concern_raise,
)
from ..services.intake import child_register_with_episode
from .child_base import ChildFormView, child_url, due_sentence
from .common import CaseworkMixin, ManagerMixin, apply_service_error, client_ip, today


class ChildEditView(ChildFormView):
    title = "Change the child's details"
    form_class = ChildEditForm

    def get_initial(self):
        fields = {name: getattr(self.child, name) for name in ChildEditForm.field_order}
        return fields | {"version": self.child.version}

    def perform(self, form) -> str:
        child_update(
            by=self.request.user,
            child=self.child,
            expected_version=form.cleaned_data["version"],
            **form.child_fields(),
            channel="web",
        )
        return "The child's details were saved."


class AddressView(ChildFormView):
    title = "Change the child's address"
    form_class = AddressForm
    dated_fields = ("valid_from",)

    def get_initial(self):
        return super().get_initial() | {"in_area": True}

    def perform(self, form) -> str:
        child_address_set(
            by=self.request.user,
            child=self.child,
            valid_from=form.cleaned_data["valid_from"],
            **form.address(),
            channel="web",
        )
        return "Address saved."


class StatusView(ChildFormView):
    """SEN or social care status. Dated, so that counts as at a past date stay right."""

    form_class = StatusForm
    dated_fields = ("valid_from",)
    model = ChildSENStatus
    vocabulary = SEN_STATUS
    legend = ""
    service = staticmethod(child_sen_status_set)

    def get_initial(self):
        current = self.model.objects.filter(child=self.child).as_at(today()).first()
        return super().get_initial() | {"status": current.status if current else "none"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"vocabulary": self.vocabulary, "legend": self.legend}

    def perform(self, form) -> str:
        self.service(
            by=self.request.user,
            child=self.child,
            status=form.cleaned_data["status"],
            valid_from=form.cleaned_data["valid_from"],
            today=today(),
            channel="web",
        )
        return f"{self.legend} saved: {self.vocabulary.label(form.cleaned_data['status'])}."


class SENStatusView(StatusView):
    title = "Change special educational needs status"
    legend = "SEN status"


class CSCStatusView(StatusView):
    title = "Change children's social care status"
    legend = "Social care status"
    model = ChildCSCStatus
    vocabulary = CSC_STATUS
    service = staticmethod(child_csc_status_set)


class PersonAddView(ChildFormView):
    title = "Add a parent or carer"
    form_class = PersonAddForm

    def get_initial(self):
        return {
            "parental_responsibility": True,
            "lives_with": True,
            "receives_correspondence": True,
        }

    def perform(self, form) -> str:
        person_add_to_child(
            by=self.request.user,
            child=self.child,
            **form.flags(),
            **form.person_fields(),
            channel="web",
        )
        return "Parent or carer added."


class PersonEditView(ChildFormView):
    title = "Change a parent's or carer's details"
    form_class = PersonEditForm

    def load(self) -> None:
        super().load()
        # Only people linked to this child are reachable from this child's page.
        self.person = get_object_or_404(
            Person, uid=self.kwargs["person_uid"], relationships__child=self.child
        )

    def base_context(self) -> dict:
        return super().base_context() | {"caption": self.person.full_name}

    def get_initial(self):
        fields = {name: getattr(self.person, name) for name in PersonEditForm.person_field_names}
        return fields | {"version": self.person.version}

    def perform(self, form) -> str:
        person_update(
            by=self.request.user,
            person=self.person,
            expected_version=form.cleaned_data["version"],
            **form.person_fields(),
            channel="web",
        )
        return f"{self.person.full_name}'s details were saved."


class RelationshipEditView(ChildFormView):
    title = "Change how a parent or carer is involved"
    form_class = RelationshipForm

    def load(self) -> None:
        super().load()
        self.link = get_object_or_404(
            Relationship.objects.select_related("person", "child"),
            person__uid=self.kwargs["person_uid"],
            child=self.child,
        )

    def base_context(self) -> dict:
        return super().base_context() | {"caption": self.link.person.full_name}

    def get_initial(self):
        return {name: getattr(self.link, name) for name in RelationshipForm.flag_names}

    def perform(self, form) -> str:
        relationship_update(by=self.request.user, link=self.link, **form.flags(), channel="web")
        return f"Saved how {self.link.person.full_name} is involved."


class SafeguardingView(ChildFormView):
    title = "Raise a safeguarding concern"
    submit_label = "Save concern"
    form_class = SafeguardingForm
    dated_fields = ("raised_on",)

    def load(self) -> None:
        super().load()
        self.open_episodes = list(self.child.episodes.exclude(status="closed").order_by("kind"))

    def get_initial(self):
        initial = super().get_initial()
        if len(self.open_episodes) == 1:
            initial["episode"] = str(self.open_episodes[0].uid)
        return initial

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"episodes": self.open_episodes}

    def perform(self, form) -> str:
        data = form.cleaned_data
        episode = next((e for e in self.open_episodes if str(e.uid) == data["episode"]), None)
        safeguarding_concern_raise(
            by=self.request.user,
            child=self.child,
            raised_on=data["raised_on"],
            details=data["details"],
            episode=episode,
            referred_to_csc_on=data["referred_to_csc_on"],
            referral_reference=data["referral_reference"],
            today=today(),
            channel="web",
        )
        return "Safeguarding concern recorded. A manager has been alerted."


class DocumentUploadView(ChildFormView):
    title = "Upload a document"
    submit_label = "Upload"
    form_class = DocumentUploadForm

    def load(self) -> None:
        super().load()
        # The child's 20 most recent contacts, in one query.
        self.contacts = list(
            Contact.objects.filter(episode__child=self.child)
            .select_related("episode")
            .order_by("-occurred_on", "-id")[:20]
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"contacts": self.contacts}

    def perform(self, form) -> str:
        data = form.cleaned_data
        contact = next((c for c in self.contacts if str(c.pk) == data["contact"]), None)
        document_upload(
            by=self.request.user,
            child=self.child,
            uploaded_file=data["file"],
            document_type=data["document_type"],
            description=data["description"],
            contact=contact,
            episode=contact.episode if contact else None,
            channel="web",
        )
        return "Document uploaded."


_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


def safe_download_name(original: str, fallback: str = "document") -> str:
    """A file name that cannot break out of the header or point anywhere: no path, no
    control or quoting characters, no leading dots."""
    name = _UNSAFE.sub("_", PurePath(original.replace("\\", "/")).name).strip(" ._")
    return name[:120] or fallback


class DocumentDownloadView(CaseworkMixin, View):
    """Documents are stored outside the web root and reach a browser only through here."""

    def get(self, request, uid):
        document = get_object_or_404(Document, uid=uid)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing from storage.") from None
        audit_read(
            by=request.user,
            obj=document,
            child_id=document.child_id,
            action="download",
            ip=client_ip(request),
            channel="web",
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=safe_download_name(document.original_name),
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class AlertAcknowledgeView(ManagerMixin, View):
    def post(self, request, uid, alert_id):
        alert = get_object_or_404(
            Alert.objects.select_related("child"), pk=alert_id, child__uid=uid
        )
        try:
            alert_acknowledge(by=request.user, alert=alert, channel="web")
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Alert acknowledged.")
        return redirect(child_url(alert.child))


class RegisterChildView(CaseworkMixin, FormView):
    """A child the council learned of from a parent or partner, not from a school's return."""

    template_name = "cases/child/register_form.html"
    form_class = RegisterChildForm

    def get_initial(self):
        return {"start_date": today(), "in_area": True, "parent_lives_with_child": True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add a child and open a home education case", **kwargs
        )

    def form_valid(self, form):
        try:
            episode = child_register_with_episode(
                by=self.request.user, today=today(), **form.service_arguments(), channel="web"
            )
        except ServiceError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Child added and home education case opened. {due_sentence(episode)}"
        )
        return redirect(reverse("child-detail", args=[episode.child.uid]))


CHILD = "children/<uuid:uid>/"

urlpatterns = [
    path("children/new/", RegisterChildView.as_view(), name="child-register"),
    path(f"{CHILD}edit/", ChildEditView.as_view(), name="child-edit"),
    path(f"{CHILD}address/", AddressView.as_view(), name="child-address"),
    path(f"{CHILD}sen-status/", SENStatusView.as_view(), name="child-sen-status"),
    path(f"{CHILD}social-care-status/", CSCStatusView.as_view(), name="child-csc-status"),
    path(f"{CHILD}people/new/", PersonAddView.as_view(), name="child-person-add"),
    path(
        f"{CHILD}people/<uuid:person_uid>/edit/", PersonEditView.as_view(), name="child-person-edit"
    ),
    path(
        f"{CHILD}people/<uuid:person_uid>/relationship/",
        RelationshipEditView.as_view(),
        name="child-relationship-edit",
    ),
    path(f"{CHILD}safeguarding/new/", SafeguardingView.as_view(), name="child-safeguarding-new"),
    path(f"{CHILD}documents/new/", DocumentUploadView.as_view(), name="child-document-new"),
    path(
        f"{CHILD}alerts/<int:alert_id>/acknowledge/",
        AlertAcknowledgeView.as_view(),
        name="child-alert-acknowledge",
    ),
    path(
        "documents/<uuid:uid>/download/", DocumentDownloadView.as_view(), name="document-download"
    ),
]
