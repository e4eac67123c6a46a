"""The list screens: caseload, team workload and allocation, child search, and the officer
and manager home pages (which are built from the same selectors)."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ehe.permissions import RoleRequiredMixin
from ehe.roles import Role
from policy.due import DUE_KIND_LABELS
from policy.workflow import EpisodeKind, status_label

from ..forms.caseload import (
    AlertAcknowledgeForm,
    AllocateForm,
    CaseloadFilterForm,
    ChildSearchForm,
    casework_staff,
)
from ..models import Alert, Episode
from ..selectors import CaseloadFilters, caseload, child_search, open_alerts, team_workload
from ..selectors.dashboard import DUE_SOON_DAYS, officer_next_due, officer_summary
from ..selectors.frontdoor import pending_consent_count, triage_count
from ..services import ServiceError, TransitionRefused, alert_acknowledge, audit_read_many
from ..services.allocation import episode_allocate_checked
from .common import CaseworkMixin, ManagerMixin, client_ip, today

PAGE_SIZE = 50
SEARCH_LIMIT = 50
ALERTS_SHOWN = 20

KIND_SHORT = {
    EpisodeKind.EHE: "EHE",
    EpisodeKind.CME: "CME",
    EpisodeKind.INVOLVEMENT: "Considering EHE",
}

# GOV.UK tag colours: blue (the default) for work not yet started, warmer colours as a case
# moves up the formal ladder, green when education appears suitable.
STATUS_TAG_CLASSES = {
    "new": "",
    "referred": "",
    "open": "",
    "informal_enquiry": "govuk-tag--turquoise",
    "enquiries": "govuk-tag--turquoise",
    "suitable": "govuk-tag--green",
    "information_requested": "govuk-tag--yellow",
    "panel": "govuk-tag--orange",
    "s437_notice": "govuk-tag--red",
    "sao_process": "govuk-tag--pink",
    "returning_to_school": "govuk-tag--purple",
    "placing": "govuk-tag--purple",
    "closed": "govuk-tag--grey",
}

SORTABLE_COLUMNS = (
    ("name", "Child"),
    ("status", "Status"),
    ("due", "Next due"),
    ("start", "Started"),
)


def child_href(child) -> str:
    return reverse("child-detail", args=[child.uid])


def short_date(on: date | None) -> str:
    """A date such as 7 Sep 2026, kept on one line in narrow table columns."""
    return f"{on.day}\N{NO-BREAK SPACE}{on:%b}\N{NO-BREAK SPACE}{on.year}" if on else ""


def officer_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@dataclass(frozen=True)
class CaseRow:
    """One episode as a list shows it; built in Python from already-joined rows."""

    episode: Episode
    child_name: str
    child_href: str
    year_group: str
    kind: str
    kind_label: str
    status: str
    tag_class: str
    start_date: date
    started: str
    due_on: date | None
    due: str
    due_what: str
    overdue: bool
    officer: str


def case_rows(episodes, *, on: date) -> list[CaseRow]:
    rows = []
    for episode in episodes:
        child = episode.child
        rows.append(
            CaseRow(
                episode=episode,
                child_name=child.display_name,
                child_href=child_href(child),
                year_group=child.year_group_label(on),
                kind=KIND_SHORT.get(episode.kind, episode.kind),
                kind_label=episode.get_kind_display(),
                status=episode.status_label,
                tag_class=STATUS_TAG_CLASSES.get(episode.status, ""),
                start_date=episode.start_date,
                started=short_date(episode.start_date),
                due_on=episode.next_due_on,
                due=short_date(episode.next_due_on),
                due_what=DUE_KIND_LABELS.get(episode.next_due_kind, ""),
                overdue=bool(episode.next_due_on and episode.next_due_on < on),
                officer=officer_name(episode.allocated_officer),
            )
        )
    return rows


def page_links(page: Page, href) -> dict:
    """The GOV.UK pagination component's items; ``href(n)`` gives page n's address."""
    if page.paginator.num_pages <= 1:
        return {}
    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "items": items,
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
    }


class CaseloadQuery:
    """The caseload's address: the recognised filters in a fixed order (codes and numbers
    only, never personal data), with helpers for links that change one thing."""

    def __init__(self, form: CaseloadFilterForm):
        self.form = form
        officer = form.value("officer") if form.is_manager else None
        values = {
            "scope": "team" if form.value("scope") == "team" else "",
            "officer": str(officer.pk) if officer else "",
            "kind": form.value("kind"),
            "status": form.value("status"),
            "due": form.value("due"),
            "new": "1" if form.value("new") else "",
            "unallocated": "1" if form.value("unallocated") else "",
        }
        self.filters = {key: value for key, value in values.items() if value}
        self.sort = form.value("sort") or "due"

    def href(self, *, drop: str = "", sort: str | None = None, page: int | None = None) -> str:
        params = {key: value for key, value in self.filters.items() if key != drop}
        chosen = self.sort if sort is None else sort
        if chosen != "due":
            params["sort"] = chosen
        if page and page > 1:
            params["page"] = page
        return reverse("caseload") + (f"?{urlencode(params)}" if params else "")

    def sort_headers(self) -> list[dict]:
        headers = []
        for key, label in SORTABLE_COLUMNS:
            if self.sort == key:
                aria, next_sort = "ascending", f"-{key}"
            elif self.sort == f"-{key}":
                aria, next_sort = "descending", key
            else:
                aria, next_sort = "none", key
            headers.append(
                {
                    "label": label,
                    "aria_sort": aria,
                    "href": self.href(sort=next_sort),
                    "action": "descending" if next_sort.startswith("-") else "ascending",
                }
            )
        return headers

    def selected(self) -> list[dict]:
        """The MOJ filter's "selected filters" tags, each linking to the list without it."""
        form = self.form
        texts = {
            "scope": "All team cases",
            "kind": dict(form.fields["kind"].choices).get(self.filters.get("kind"), ""),
            "due": dict(form.fields["due"].choices).get(self.filters.get("due"), ""),
            "new": "New cases only",
            "unallocated": "Unallocated cases only",
        }
        if "status" in self.filters:
            texts["status"] = status_label(self.filters["status"])
        if "officer" in self.filters:
            texts["officer"] = officer_name(form.value("officer"))
        headings = {
            "scope": "Whose cases",
            "officer": "Allocated to",
            "kind": "Kind of case",
            "status": "Status",
            "due": "Next due",
            "new": "New",
            "unallocated": "Allocation",
        }
        return [
            {"heading": headings[key], "text": texts[key], "href": self.href(drop=key)}
            for key in self.filters
        ]


@method_decorator(never_cache, name="dispatch")
class CaseloadView(CaseworkMixin, TemplateView):
    """My cases by default; filters, sorting and pages come from the query string."""

    template_name = "cases/caseload/caseload.html"

    def get_context_data(self, **kwargs):
        on = today()
        form = CaseloadFilterForm(self.request.GET, user=self.request.user)
        query = CaseloadQuery(form)
        paginator = Paginator(caseload(form.to_filters(), today=on), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        # Not called "form": base.html would then title the page "Error: …" for an ignored
        # filter, which is a notice, not an error.
        return super().get_context_data(
            filter_form=form,
            query=query,
            ignored=form.ignored(),
            scope=form.value("scope") or "mine",
            page=page,
            rows=case_rows(page.object_list, on=on),
            pagination=page_links(page, lambda n: query.href(page=n)),
            sort_headers=query.sort_headers(),
            selected=query.selected(),
            clear_href=reverse("caseload"),
            due_choices=form.fields["due"].choices,
            **kwargs,
        )


def unallocated_context(request, *, on: date) -> dict:
    """The team page: workload per officer and the unallocated cases, oldest due first."""
    workload = team_workload(today=on)
    paginator = Paginator(
        caseload(CaseloadFilters(unallocated=True, sort="due"), today=on), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return {
        "workload": [row for row in workload if row["officer"] is not None],
        "unallocated_total": paginator.count,
        "staff": list(casework_staff()),
        "page": page,
        "rows": case_rows(page.object_list, on=on),
        "pagination": page_links(page, lambda n: f"{reverse('team')}?page={n}"),
    }


@method_decorator(never_cache, name="dispatch")
class TeamView(ManagerMixin, View):
    template_name = "cases/caseload/team.html"

    def get(self, request):
        return self.render_page(request)

    @classmethod
    def render_page(cls, request, *, errors=None, failed_uid: str = "", chosen: str = ""):
        context = unallocated_context(request, on=today())
        context.update(errors=errors or [], failed_uid=failed_uid, chosen=chosen)
        return render(request, cls.template_name, context)


class AllocateView(ManagerMixin, View):
    """Allocate one unallocated case. Without JavaScript this is a plain form post that
    comes back to the team page; errors re-show the page with a GOV.UK error summary."""

    http_method_names = ["post"]

    def post(self, request):
        form = AllocateForm(request.POST)
        failed_uid = str(request.POST.get("episode", ""))[:36]
        chosen = str(request.POST.get("officer", ""))[:12]
        if not form.is_valid():
            errors = [error for errors in form.errors.values() for error in errors]
            return TeamView.render_page(
                request, errors=errors, failed_uid=failed_uid, chosen=chosen
            )
        episode = Episode.objects.filter(uid=form.cleaned_data["episode"]).first()
        if episode is None:
            return TeamView.render_page(request, errors=["That case could not be found"])
        officer = form.cleaned_data["officer"]
        try:
            episode_allocate_checked(
                by=request.user,
                episode=episode,
                officer=officer,
                expected_version=form.cleaned_data["version"],
                today=today(),
                channel="web",
            )
        except (ServiceError, TransitionRefused) as error:
            reasons = list(error.errors.values()) if isinstance(error, ServiceError) else []
            return TeamView.render_page(
                request,
                errors=reasons or [str(error)],
                failed_uid=failed_uid,
                chosen=chosen,
            )
        # No child's name here: messages can travel in a cookie.
        messages.success(request, f"Case allocated to {officer_name(officer)}")
        return redirect("team")


@method_decorator(never_cache, name="dispatch")
class ChildSearchView(CaseworkMixin, View):
    """Search by name, date of birth or UPN. The form is posted, so nothing that identifies a
    child ever appears in an address, a browser history or a server log."""

    template_name = "cases/caseload/search.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ChildSearchForm(today=today())})

    def post(self, request):
        form = ChildSearchForm(request.POST, today=today())
        context = {"form": form, "searched": False}
        if form.is_valid():
            data = form.cleaned_data
            found = list(
                child_search(
                    request.user,
                    name=data["name"],
                    date_of_birth=data["date_of_birth"],
                    upn=data["upn"],
                    limit=SEARCH_LIMIT + 1,
                )
            )
            shown = found[:SEARCH_LIMIT]
            # Each child named on the page counts as a read of their record.
            audit_read_many(
                by=request.user,
                objs=shown,
                child_id_of=lambda child: child.pk,
                detail="search result",
                channel="web",
                ip=client_ip(request),
            )
            context.update(
                searched=True,
                results=[
                    {
                        "child": child,
                        "href": child_href(child),
                        "cases": [
                            {
                                "kind": KIND_SHORT.get(episode.kind, episode.kind),
                                "kind_label": episode.get_kind_display(),
                                "status": episode.status_label,
                                "tag_class": STATUS_TAG_CLASSES.get(episode.status, ""),
                            }
                            for episode in child.open_episodes
                        ],
                    }
                    for child in shown
                ],
                more=len(found) > SEARCH_LIMIT,
            )
        return render(request, self.template_name, context)


@method_decorator(never_cache, name="dispatch")
class OfficerHomeView(RoleRequiredMixin, TemplateView):
    allowed_roles = (Role.OFFICER,)
    template_name = "home/officer.html"

    def get_context_data(self, **kwargs):
        caseload_url = reverse("caseload")
        on = today()
        return super().get_context_data(
            role=Role.OFFICER,
            summary=officer_summary(self.request.user, today=on),
            next_due=case_rows(officer_next_due(self.request.user, today=on), on=on),
            triage_waiting=triage_count(),
            due_soon_days=DUE_SOON_DAYS,
            links={
                "due_soon": f"{caseload_url}?due={DUE_SOON_DAYS}",
                "overdue": f"{caseload_url}?due=overdue",
                "new": f"{caseload_url}?new=1",
                "unallocated": f"{caseload_url}?unallocated=1",
            },
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ManagerHomeView(RoleRequiredMixin, TemplateView):
    allowed_roles = (Role.MANAGER,)
    template_name = "home/manager.html"

    def get_context_data(self, **kwargs):
        workload = team_workload(today=today())
        unallocated = next(row for row in workload if row["officer"] is None)
        alerts = list(open_alerts()[: ALERTS_SHOWN + 1])
        return super().get_context_data(
            role=Role.MANAGER,
            workload=[row for row in workload if row["officer"] is not None],
            unallocated=unallocated,
            team_overdue=sum(row["overdue"] for row in workload),
            triage_waiting=triage_count(),
            consents_waiting=pending_consent_count(),
            alerts=[
                {"alert": alert, "child_href": child_href(alert.child)}
                for alert in alerts[:ALERTS_SHOWN]
            ],
            more_alerts=len(alerts) > ALERTS_SHOWN,
            **kwargs,
        )


class AlertAcknowledgeView(ManagerMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = AlertAcknowledgeForm(request.POST)
        alert = (
            Alert.objects.filter(pk=form.cleaned_data["alert"]).first() if form.is_valid() else None
        )
        if alert is None:
            messages.error(request, "That alert could not be found")
            return redirect("manager-home")
        try:
            alert_acknowledge(by=request.user, alert=alert, channel="web")
        except ServiceError as error:
            messages.error(request, "; ".join(error.errors.values()))
            return redirect("manager-home")
        messages.success(request, "Alert acknowledged")
        return redirect("manager-home")


urlpatterns = [
    path("officer/", OfficerHomeView.as_view(), name="officer-home"),
    path("manager/", ManagerHomeView.as_view(), name="manager-home"),
    path("alerts/acknowledge/", AlertAcknowledgeView.as_view(), name="alert-acknowledge"),
    path("caseload/", CaseloadView.as_view(), name="caseload"),
    path("team/", TeamView.as_view(), name="team"),
    path("team/allocate/", AllocateView.as_view(), name="team-allocate"),
    path("children/search/", ChildSearchView.as_view(), name="child-search"),
]
