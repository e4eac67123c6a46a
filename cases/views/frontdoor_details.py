"""The school's details against the matched child's record, for a return matched without a
person (the same UPN, or the same name and date of birth): one choice per difference, as on
the match screen, all saved together or not at all."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from ..forms.frontdoor import DetailsForm
from ..selectors.frontdoor_details import details_differences
from ..services import ServiceError, audit_read, deletion_return_details_review
from .common import CaseworkMixin, apply_service_error, client_ip, today
from .frontdoor_display import pupil_name, return_href, return_sections
from .frontdoor_returns import load_return


@method_decorator(never_cache, name="dispatch")
class ReturnDetailsView(CaseworkMixin, View):
    template_name = "cases/frontdoor/match_details.html"

    def get(self, request, uid):
        r = load_return(uid)
        if (early := self.nothing_to_review(request, r)) is not None:
            return early
        form = DetailsForm(differences=details_differences(r, r.matched_child))
        return self.render_page(request, r, form)

    def post(self, request, uid):
        r = load_return(uid)
        if (early := self.nothing_to_review(request, r)) is not None:
            return early
        form = DetailsForm(request.POST, differences=details_differences(r, r.matched_child))
        if form.is_valid():
            try:
                deletion_return_details_review(
                    by=request.user,
                    deletion_return=r,
                    decisions=form.decisions(),
                    today=today(),
                    channel="web",
                )
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Your choices about the school's details are saved.")
                return redirect(return_href(r))
        return self.render_page(request, r, form)

    def nothing_to_review(self, request, r):
        if not r.matched_child_id or r.details_reviewed_at is not None:
            messages.error(request, "There is nothing to review on this return.")
            return redirect(return_href(r))
        return None

    def render_page(self, request, r, form):
        audit_read(
            by=request.user,
            obj=r.matched_child,
            child_id=r.matched_child_id,
            detail="compared with a school return",
            ip=client_ip(request),
            channel="web",
        )
        return render(
            request,
            self.template_name,
            {
                "r": r,
                "child": r.matched_child,
                "pupil_name": pupil_name(r),
                "sections": return_sections(r),
                "attachments": list(r.attachments.all()),
                "form": form,
                "action_url": request.path,
                "back_href": return_href(r),
                "choice": "",
                "submit_action": "review",
                "submit_label": "Save these choices",
            },
        )
