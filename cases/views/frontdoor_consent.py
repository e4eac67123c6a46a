"""A removal that needs the council's consent first: a pupil at a special school where a
council arranged the place (School Attendance (Pupil Registration) (England) Regulations 2024,
regulation 9(1)(f) proviso) and, once commenced, a child subject to s47 enquiries or a child
protection plan (Education Act 1996 s434A). Officers can read the request; only a manager
decides it, recording which council arranged the place: another council's consent is theirs,
so the return is referred to them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from ehe.roles import Role
from policy.vocab import CSC_STATUS, SEN_STATUS

from ..forms.frontdoor import ConsentDecisionForm
from ..models import ConsentRequest
from ..selectors.frontdoor import child_statuses
from ..services import ServiceError, TransitionRefused, audit_read, consent_decide
from .caseload import child_href, officer_name
from .common import CaseworkMixin, apply_service_error, client_ip, today
from .frontdoor_display import (
    outcome_label,
    pupil_name,
    return_href,
    return_sections,
    submission_rows,
)


@method_decorator(never_cache, name="dispatch")
class ConsentDecisionView(CaseworkMixin, View):
    template_name = "cases/frontdoor/consent.html"

    def load(self, consent_id) -> ConsentRequest:
        return get_object_or_404(
            ConsentRequest.objects.select_related(
                "child",
                "decided_by",
                "deletion_return__school",
                "deletion_return__submitted_by",
                "deletion_return__matched_child",
                "deletion_return__episode",
            ),
            pk=consent_id,
        )

    def get(self, request, consent_id):
        consent = self.load(consent_id)
        return self.render_page(request, consent, ConsentDecisionForm(kind=consent.kind))

    def post(self, request, consent_id):
        if not request.user.has_role(Role.MANAGER):
            raise PermissionDenied("Only a manager can decide on consent")
        consent = self.load(consent_id)
        form = ConsentDecisionForm(request.POST, kind=consent.kind)
        if form.is_valid():
            try:
                consent = consent_decide(
                    by=request.user,
                    consent=consent,
                    decision=form.cleaned_data["decision"],
                    reasons=form.cleaned_data["reasons"],
                    arranged_by=form.cleaned_data.get("arranged_by", ""),
                    arranged_by_council=form.cleaned_data.get("arranged_by_council", ""),
                    today=today(),
                    channel="web",
                )
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("triage-consent", consent_id=consent.pk)
            except ServiceError as error:
                if self.load(consent_id).decision != "pending":
                    # Decided meanwhile (another tab, another manager): show that decision.
                    messages.error(request, "; ".join(error.errors.values()))
                    return redirect("triage-consent", consent_id=consent.pk)
                apply_service_error(form, error)
            else:
                done = {
                    "granted": "Consent given",
                    "refused": "Consent refused",
                    "referred": f"Referred to {consent.arranged_by_council}",
                }[consent.decision]
                messages.success(
                    request,
                    f"{done}. The school can see the outcome on return "
                    f"{consent.deletion_return.reference}.",
                )
                return redirect("triage-consent", consent_id=consent.pk)
        return self.render_page(request, consent, form, status=200)

    def render_page(self, request, consent: ConsentRequest, form, status: int = 200):
        r = consent.deletion_return
        child = consent.child or r.matched_child
        statuses = None
        if child is not None:
            # The child's SEN and social care status come from their record (DOMAIN §10).
            audit_read(
                by=request.user,
                obj=consent,
                child_id=child.pk,
                detail="consent request",
                ip=client_ip(request),
                channel="web",
            )
            found = child_statuses(child, on=today())
            statuses = {
                "sen": SEN_STATUS.label(found.sen_status),
                "csc": CSC_STATUS.label(found.csc_status),
            }
        return render(
            request,
            self.template_name,
            {
                "consent": consent,
                "r": r,
                "pupil_name": pupil_name(r),
                "child": child,
                "child_href": child_href(child) if child else "",
                "statuses": statuses,
                "submission": submission_rows(r),
                "sections": return_sections(r),
                "return_href": return_href(r),
                "outcome": outcome_label(r),
                "decided_by": officer_name(consent.decided_by) if consent.decided_by_id else "",
                "can_decide": request.user.has_role(Role.MANAGER) and consent.decision == "pending",
                "form": form,
            },
            status=status,
        )
