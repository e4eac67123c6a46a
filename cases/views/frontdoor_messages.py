"""Questions to a school about its return: an officer asks one (the school sees it on its
return and answers it), and marks the school's answer as read once dealt with, which takes
it out of triage."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from policy.frontdoor import may_raise_query

from ..forms.frontdoor import QuestionForm
from ..services import (
    ServiceError,
    TransitionRefused,
    audit_read,
    deletion_return_answer_note,
    deletion_return_query_raise,
)
from .common import CaseworkMixin, apply_service_error, client_ip
from .frontdoor_display import pupil_name, return_href, return_sections
from .frontdoor_returns import load_return


@method_decorator(never_cache, name="dispatch")
class ReturnQuestionView(CaseworkMixin, View):
    template_name = "cases/frontdoor/question.html"

    def get(self, request, uid):
        r = load_return(uid)
        if not may_raise_query(r.status):
            messages.error(request, "The school cannot be asked a question about this return now.")
            return redirect(return_href(r))
        return self.render_page(request, r, QuestionForm())

    def post(self, request, uid):
        r = load_return(uid)
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                deletion_return_query_raise(
                    by=request.user,
                    deletion_return=r,
                    question=form.cleaned_data["question"],
                    channel="web",
                )
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(return_href(r))
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request,
                    f"Question sent. {r.school.name} can see it on return {r.reference} and "
                    "answer it.",
                )
                return redirect(f"{return_href(r)}#messages")
        return self.render_page(request, r, form)

    def render_page(self, request, r, form):
        if r.matched_child_id:
            audit_read(
                by=request.user,
                obj=r,
                child_id=r.matched_child_id,
                detail="school return",
                ip=client_ip(request),
                channel="web",
            )
        return render(
            request,
            self.template_name,
            {
                "r": r,
                "pupil_name": pupil_name(r),
                "sections": return_sections(r),
                "form": form,
                "back_href": return_href(r),
            },
        )


class ReturnAnswerReadView(CaseworkMixin, View):
    http_method_names = ["post"]

    def post(self, request, uid):
        r = load_return(uid)
        try:
            deletion_return_answer_note(by=request.user, deletion_return=r, channel="web")
        except (TransitionRefused, ServiceError) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Answer marked as read. It has left triage.")
        return redirect(f"{return_href(r)}#messages")
