"""A school's return as the council sees it: everything the school sent, its attachments,
what processing did with it, and the "match or create" screen for a return whose pupil could
not be matched to one child with certainty."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from policy.vocab import RETURN_OUTCOMES

from ..forms.frontdoor import MatchChoiceForm, MatchSearchForm
from ..models import DeletionReturn, ReturnAttachment
from ..selectors import child_search
from ..selectors.frontdoor import match_candidates
from ..services import ServiceError, audit_read, audit_read_many, deletion_return_match
from ..services.returns import match_children
from .caseload import child_href, officer_name
from .child_records import safe_download_name
from .common import CaseworkMixin, client_ip, today
from .frontdoor_display import (
    candidate_view,
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
            "school", "submitted_by", "processed_by", "matched_child", "episode"
        ),
        uid=uid,
    )


def outcome_label(r: DeletionReturn) -> str:
    return RETURN_OUTCOMES.label(r.outcome) if r.outcome else "Not processed yet"


@method_decorator(never_cache, name="dispatch")
class ReturnDetailView(CaseworkMixin, View):
    template_name = "cases/frontdoor/return.html"

    def get(self, request, uid):
        r = load_return(uid)
        if r.matched_child_id:
            # The return is part of the child's record once matched (DOMAIN §10).
            audit_read(
                by=request.user,
                obj=r,
                child_id=r.matched_child_id,
                detail="school return",
                ip=client_ip(request),
            )
        consents = list(r.consent_requests.select_related("decided_by"))
        return render(
            request,
            self.template_name,
            {
                "r": r,
                "pupil_name": pupil_name(r),
                "submission": submission_rows(r),
                "sections": return_sections(r),
                "attachments": list(r.attachments.all()),
                "outcome": outcome_label(r),
                "processed_by": officer_name(r.processed_by) if r.processed_by_id else "",
                "child_href": child_href(r.matched_child) if r.matched_child_id else "",
                "consents": consents,
                "awaiting_match": r.outcome == AWAITING_MATCH,
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
    between near-matches (DOMAIN §5.4), so a person decides here."""

    template_name = "cases/frontdoor/match.html"
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
        if request.POST.get("action") == "search":
            return self.search(request, r)
        form = MatchChoiceForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(
                request, r, choice_form=form, search_form=MatchSearchForm(today=today())
            )
        try:
            r = deletion_return_match(
                by=request.user, deletion_return=r, child=form.cleaned_data["choice"], today=today()
            )
        except ServiceError:
            # Someone else matched it between our check and the service's lock.
            return self.refused(request, load_return(uid))
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
