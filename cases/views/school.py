"""The school's screens: home, the returns it has sent, each one's status, and the journey to
send a new one (cases.views.school_journey).

A school user sees only their own school's returns, with the status a school may see and the
messages between the council and the school (a question the school can answer, a decision
with its reasons, a notice): never how the council routed the return, nor any child's
record. Every return is looked up through
``returns_visible_to_school``, so another school's return is a 404, not a 403 that would
confirm it exists.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views import View

from ..forms.school import AnswerForm
from ..selectors.frontdoor import returns_visible_to_school
from ..services import ServiceError, TransitionRefused, deletion_return_query_answer
from .common import apply_service_error
from .school_base import SchoolMixin, long_date, message_rows, return_row
from .school_journey import CancelView, CheckView, StartView, StepView
from .school_summary import return_sections

PAGE_SIZE = 50
RECENT = 5


class SchoolHomeView(SchoolMixin, View):
    def get(self, request):
        recent = list(
            returns_visible_to_school(self.school).order_by("-submitted_at", "-id")[:RECENT]
        )
        return render(
            request,
            "home/school.html",
            {"school": self.school, "returns": [return_row(r) for r in recent]},
        )

    def not_linked(self, request):
        # The home page still answers (it is where sign-in lands), saying what is wrong.
        return render(request, "home/school.html", {"not_linked": True})


class ReturnListView(SchoolMixin, View):
    def get(self, request):
        queryset = returns_visible_to_school(self.school).order_by("-submitted_at", "-id")
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "cases/school/list.html",
            {
                "school": self.school,
                "page": page,
                "returns": [return_row(r) for r in page.object_list],
            },
        )


class ReturnDetailView(SchoolMixin, View):
    def get(self, request, uid):
        deletion_return = self.own_return(uid)
        return render(
            request,
            "cases/school/detail.html",
            {
                "school": self.school,
                "r": deletion_return,
                "row": return_row(deletion_return),
                "submitted_on": long_date(deletion_return.submitted_at.date()),
                "thread": message_rows(deletion_return),
                "can_answer": deletion_return.status == "query_raised",
                "sections": return_sections(deletion_return),
            },
        )


class AnswerView(SchoolMixin, View):
    """Answer the council's question about one of the school's returns: one question page."""

    template_name = "cases/school/answer.html"

    def get(self, request, uid):
        deletion_return = self.own_return(uid)
        if deletion_return.status != "query_raised":
            return redirect("school-return-detail", uid=uid)
        return self.render_page(request, deletion_return, AnswerForm())

    def post(self, request, uid):
        deletion_return = self.own_return(uid)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                deletion_return_query_answer(
                    by=request.user,
                    school=self.school,
                    deletion_return=deletion_return,
                    answer=form.cleaned_data["answer"],
                    channel="web",
                )
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("school-return-detail", uid=uid)
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Your answer has been sent to the council.")
                return redirect("school-return-detail", uid=uid)
        return self.render_page(request, deletion_return, form)

    def render_page(self, request, deletion_return, form):
        return render(
            request,
            self.template_name,
            {
                "school": self.school,
                "row": return_row(deletion_return),
                "question": deletion_return.query_message,
                "form": form,
            },
        )


class ConfirmationView(SchoolMixin, View):
    def get(self, request, uid):
        deletion_return = self.own_return(uid)
        return render(
            request,
            "cases/school/confirmation.html",
            {"school": self.school, "row": return_row(deletion_return)},
        )


urlpatterns = [
    # The school role's home page (ehe.navigation.ROLE_HOME_URL_NAMES).
    path("school/", SchoolHomeView.as_view(), name="school-home"),
    path("school/returns/", ReturnListView.as_view(), name="school-returns"),
    path("school/returns/new/", StartView.as_view(), name="school-return-start"),
    path("school/returns/new/cancel/", CancelView.as_view(), name="school-return-cancel"),
    path("school/returns/new/check/", CheckView.as_view(), name="school-return-check"),
    path("school/returns/new/<slug:slug>/", StepView.as_view(), name="school-return-step"),
    path("school/returns/<uuid:uid>/", ReturnDetailView.as_view(), name="school-return-detail"),
    path("school/returns/<uuid:uid>/answer/", AnswerView.as_view(), name="school-return-answer"),
    path(
        "school/returns/<uuid:uid>/confirmation/",
        ConfirmationView.as_view(),
        name="school-return-confirmation",
    ),
]
