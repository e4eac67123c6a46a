"""A school's return as the council sees it: everything the school sent, its attachments,
what processing did with it, the messages with the school, and the "match or create" screen
for a return whose pupil could not be matched to one child with certainty. Choosing a child
the council holds shows each way the school's details differ from the record, one choice
each (cases.views.frontdoor_details)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from policy.frontdoor import may_raise_query

from ..forms.frontdoor import DetailsForm, MatchChoiceForm, MatchSearchForm
from ..models import DeletionReturn, ReturnAttachment
from ..selectors import child_search
from ..selectors.frontdoor import match_candidates, match_children
from ..selectors.frontdoor_details import details_differences
from ..services import (
    ServiceError,
    TransitionRefused,
    audit_read,
    audit_read_many,
    deletion_return_match,
)
from .caseload import child_href, officer_name
from .child_records import safe_download_name
from .common import CaseworkMixin, apply_service_error, client_ip, today
from .frontdoor_display import (
    candidate_view,
    message_rows,
    outcome_label,
    pupil_address,
    pupil_name,
    return_href,
    return_sections,
    submission_rows,
)

SEARCH_LIMIT = 20
AWAITING_MATCH = "awaiting_match"


def load_return(uid) -> DeletionReturn:
    return get_object_or_404(
        DeletionReturn.objects.select_related(
            "school",
            "submitted_by",
            "processed_by",
            "matched_child",
            "episode",
            "details_reviewed_by",
        ),
        uid=uid,
    )


@method_decorator(never_cache, name="dispatch")
class ReturnDetailView(CaseworkMixin, View):
    template_name = "cases/frontdoor/return.html"

    def get(self, request, uid):
        r = load_return(uid)
        differences = []
        if r.matched_child_id:
            # The return is part of the child's record once matched (DOMAIN §10).
            audit_read(
                by=request.user,
                obj=r,
                child_id=r.matched_child_id,
                detail="school return",
                ip=client_ip(request),
                channel="web",
            )
            if r.details_reviewed_at is None:
                differences = details_differences(r, r.matched_child)
        consents = list(r.consent_requests.select_related("decided_by"))
        thread = list(r.messages.select_related("sent_by", "noted_by"))
        return render(
            request,
            self.template_name,
            {
                "r": r,
                "pupil_name": pupil_name(r),
                "submission": submission_rows(r),
                "sections": return_sections(r),
                "attachments": list(r.attachments.select_related("document")),
                "outcome": outcome_label(r),
                "processed_by": officer_name(r.processed_by) if r.processed_by_id else "",
                "child_href": child_href(r.matched_child) if r.matched_child_id else "",
                "consents": consents,
                "awaiting_match": r.outcome == AWAITING_MATCH,
                "thread": message_rows(thread),
                "unread_answer": any(m.kind == "answer" and m.noted_at is None for m in thread),
                "can_ask": may_raise_query(r.status),
                "differences": differences,
                "reviewed_by": officer_name(r.details_reviewed_by)
                if r.details_reviewed_by_id
                else "",
            },
        )


class ReturnAttachmentView(CaseworkMixin, View):
    """A file a school sent. Stored outside the web root; reaches a browser only through
    here, as a download the browser must not try to render."""

    def get(self, request, uid, attachment_id):
        attachment = get_object_or_404(
            ReturnAttachment.objects.select_related("deletion_return"),
            pk=attachment_id,
            deletion_return__uid=uid,
        )
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing from storage.") from None
        # Logged even before the return is matched: the parent's notice is personal data.
        audit_read(
            by=request.user,
            obj=attachment,
            child_id=attachment.deletion_return.matched_child_id,
            action="download",
            detail="school return attachment",
            ip=client_ip(request),
            channel="web",
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=safe_download_name(attachment.original_name, "attachment"),
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


@method_decorator(never_cache, name="dispatch")
class ReturnMatchView(CaseworkMixin, View):
    """Choose the child a return is about, or create a new record. The service never guesses
    between near-matches (DOMAIN §5.4), so a person decides here. Choosing a child the
    council holds whose record differs from what the school sent leads to a second page with
    one choice per difference; nothing is saved until that page is sent."""

    template_name = "cases/frontdoor/match.html"
    details_template = "cases/frontdoor/match_details.html"
    refused_template = "cases/frontdoor/match_refused.html"

    def get(self, request, uid):
        r = load_return(uid)
        if r.outcome != AWAITING_MATCH:
            return self.refused(request, r)
        return self.render_page(
            request,
            r,
            choice_form=MatchChoiceForm(user=request.user),
            search_form=MatchSearchForm(today=today()),
        )

    def post(self, request, uid):
        r = load_return(uid)
        if r.outcome != AWAITING_MATCH:
            return self.refused(request, r)
        action = request.POST.get("action")
        if action == "search":
            return self.search(request, r)
        form = MatchChoiceForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(
                request, r, choice_form=form, search_form=MatchSearchForm(today=today())
            )
        child = form.cleaned_data["choice"]
        decisions = None
        if child is not None:
            differences = details_differences(r, child)
            details = DetailsForm(
                request.POST if action == "confirm" else None, differences=differences
            )
            if action != "confirm" and differences:
                return self.render_details(request, r, child, details)
            if differences and not details.is_valid():
                return self.render_details(request, r, child, details)
            decisions = details.decisions() if differences else {}
        try:
            r = deletion_return_match(
                by=request.user,
                deletion_return=r,
                child=child,
                decisions=decisions,
                today=today(),
                channel="web",
            )
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(return_href(r))
        except ServiceError as error:
            fresh = load_return(uid)
            if fresh.outcome != AWAITING_MATCH:
                # Someone else matched it between our check and the service's lock.
                return self.refused(request, fresh)
            # A choice could not be applied (a stale page, a clash with the record's
            # history): nothing was saved; show the choices again with the reason.
            details = DetailsForm(request.POST, differences=details_differences(fresh, child))
            details.is_valid()
            apply_service_error(details, error)
            return self.render_details(request, fresh, child, details)
        # The reference, not the pupil's name: messages can travel in a cookie.
        messages.success(request, f"Return {r.reference} matched. {outcome_label(r)}.")
        if r.matched_child_id:
            return redirect(child_href(r.matched_child))
        return redirect(return_href(r))

    def search(self, request, r: DeletionReturn):
        search_form = MatchSearchForm(request.POST, today=today())
        found = []
        if search_form.is_valid():
            data = search_form.cleaned_data
            found = list(
                child_search(
                    request.user,
                    name=data["search_name"],
                    date_of_birth=data["search_dob"],
                    upn=data["search_upn"],
                    limit=SEARCH_LIMIT,
                )
            )
        return self.render_page(
            request,
            r,
            choice_form=MatchChoiceForm(user=request.user),
            search_form=search_form,
            searched=found,
            did_search=search_form.is_valid(),
        )

    def render_page(self, request, r, *, choice_form, search_form, searched=(), did_search=False):
        candidates = match_candidates(r, suggested=match_children(r), searched=list(searched))
        # Each child shown as a possible match is a read of their record.
        audit_read_many(
            by=request.user,
            objs=[c.child for c in candidates],
            child_id_of=lambda child: child.pk,
            detail="possible match for a school return",
            channel="web",
            ip=client_ip(request),
        )
        return render(
            request,
            self.template_name,
            {
                "r": r,
                "pupil_name": pupil_name(r),
                "pupil_address": pupil_address(r),
                "parents": [
                    " ".join(p for p in (parent.get("first_name"), parent.get("last_name")) if p)
                    for parent in r.parents or []
                ],
                "attachments": list(r.attachments.all()),
                "candidates": [candidate_view(r, c) for c in candidates],
                "choice_form": choice_form,
                # base.html titles the page "Error: …" when `form` has errors.
                "form": choice_form if choice_form.errors else search_form,
                "search_form": search_form,
                "did_search": did_search,
                "searched_count": len(searched),
                "chosen": request.POST.get("choice", "") if choice_form.is_bound else "",
            },
        )

    def render_details(self, request, r, child, details: DetailsForm):
        audit_read(
            by=request.user,
            obj=child,
            child_id=child.pk,
            detail="compared with a school return",
            ip=client_ip(request),
            channel="web",
        )
        return render(
            request,
            self.details_template,
            {
                "r": r,
                "child": child,
                "pupil_name": pupil_name(r),
                "sections": return_sections(r),
                "attachments": list(r.attachments.all()),
                "form": details,
                "action_url": request.path,
                "back_href": request.path,
                "choice": str(child.uid),
                "submit_action": "confirm",
                "submit_label": "Match and continue",
            },
        )

    def refused(self, request, r: DeletionReturn):
        return render(
            request,
            self.refused_template,
            {
                "r": r,
                "outcome": outcome_label(r),
                "child_href": child_href(r.matched_child) if r.matched_child_id else "",
                "return_href": return_href(r),
            },
            status=409,
        )
