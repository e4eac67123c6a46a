"""The child page: who the child is, each case with what is due and what can be done next,
the people around the child, and the history as one timeline, latest first, which can be
filtered by kind and is paged ("Newer" / "Older"). The filter and page travel in the query
string as codes and a number, never anything personal. Every view of the page is audited. It
runs a fixed number of queries however long the history (child_page does the reading;
everything else here is arranging it).

The forms reached from the page live in child_episode (things done on a case) and
child_records (the child's own record, people, documents, safeguarding); their URLs are
joined here.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views import View

from ehe.roles import Role
from policy.due import DUE_KIND_LABELS
from policy.suitability import CONSIDERATIONS_BY_CODE
from policy.vocab import (
    CASE_SOURCES,
    CME_CLOSURE_OUTCOMES,
    CONTACT_METHODS,
    CSC_STATUS,
    EHE_CLOSURE_REASONS,
    INVOLVEMENT_OUTCOMES,
    PREVIOUS_SCHOOL_TYPES,
    RELATIONSHIPS,
    SEN_STATUS,
)
from policy.workflow import EPISODE_KIND_LABELS, REASONS_BY_KIND, EpisodeKind

from ..models import Child, Episode
from ..selectors import TIMELINE_KINDS, child_page
from ..selectors.child_screens import child_open_alerts
from ..selectors.cme import CMEPanel, case_panels
from ..selectors.visits import waiting_visits
from . import child_contacts, child_episode, child_open, child_records
from .child_actions import Action, episode_actions
from .child_base import identity
from .common import CaseworkMixin, record_child_read, today

STATUS_TAG_CLASSES = {
    "new": "govuk-tag--blue",
    "informal_enquiry": "govuk-tag--light-blue",
    "suitable": "govuk-tag--green",
    "information_requested": "govuk-tag--yellow",
    "panel": "govuk-tag--orange",
    "s437_notice": "govuk-tag--red",
    "sao_process": "govuk-tag--red",
    "returning_to_school": "govuk-tag--purple",
    "referred": "govuk-tag--blue",
    "enquiries": "govuk-tag--yellow",
    "placing": "govuk-tag--light-blue",
    "open": "govuk-tag--blue",
    "closed": "govuk-tag--grey",
}

IDENTITY_TAGS = {
    "EHCP": ("govuk-tag--purple", "education, health and care plan"),
    "CIN": ("govuk-tag--orange", "child in need"),
    "CPP": ("govuk-tag--red", "child protection plan"),
    "CLA": ("govuk-tag--orange", "looked after"),
    # A declined visit is a valid choice, so its tag is neutral.
    "Declined visits": ("govuk-tag--grey", ""),
}

CLOSURES_BY_KIND = {
    EpisodeKind.EHE: EHE_CLOSURE_REASONS,
    EpisodeKind.CME: CME_CLOSURE_OUTCOMES,
    EpisodeKind.INVOLVEMENT: INVOLVEMENT_OUTCOMES,
}


def _label(vocabulary, code: str) -> str:
    return vocabulary.label(code) if code in vocabulary else code


@dataclass
class EpisodeCard:
    episode: Episode
    kind_label: str
    status_class: str
    source: str
    reason: str
    previous_school: str
    closure: str
    due_label: str
    overdue: bool
    actions: list[Action]
    outstanding_requests: list = field(default_factory=list)
    linked_from: Episode | None = None
    led_to: list[Episode] = field(default_factory=list)
    # Children missing education (cases.selectors.cme): the checklist and duration on a CME
    # card; on an EHE card, the date from which it counts as CME for unsuitable education.
    cme: CMEPanel | None = None
    unsuitable_since: date | None = None
    # Visits and meetings booked and not yet recorded (cases.services.visits).
    visits: list["VisitRow"] = field(default_factory=list)


@dataclass(frozen=True)
class VisitRow:
    visit: object
    overdue: bool
    # What happened can be recorded on the day or after it.
    recordable: bool


@dataclass
class TimelineRow:
    item: object
    case_label: str
    considerations: list[tuple[str, str]] = field(default_factory=list)


def _previous_school(episode: Episode) -> str:
    if episode.previous_school is not None:
        return f"{episode.previous_school.name} (URN {episode.previous_school.urn})"
    if episode.previous_school_type:
        return _label(PREVIOUS_SCHOOL_TYPES, episode.previous_school_type)
    return ""


def _cards(page, *, on: date, year_group: int, is_manager: bool = False) -> list[EpisodeCard]:
    by_id = {e.pk: e for e in page.episodes}
    outstanding: dict[int, list] = {}
    for request in page.outstanding_requests:
        outstanding.setdefault(request.episode_id, []).append(request)
    waiting = waiting_visits([e.pk for e in page.episodes if e.is_open])
    cards = []
    for episode in page.episodes:
        kind = EpisodeKind(episode.kind)
        reasons = REASONS_BY_KIND.get(kind)
        cards.append(
            EpisodeCard(
                episode=episode,
                kind_label=EPISODE_KIND_LABELS[kind],
                status_class=STATUS_TAG_CLASSES.get(episode.status, ""),
                source=_label(CASE_SOURCES, episode.source),
                reason=_label(reasons, episode.primary_reason)
                if reasons and episode.primary_reason
                else "",
                previous_school=_previous_school(episode),
                closure=_label(CLOSURES_BY_KIND[kind], episode.closure_reason)
                if episode.closure_reason
                else "",
                due_label=DUE_KIND_LABELS.get(episode.next_due_kind, episode.next_due_kind),
                overdue=bool(episode.next_due_on and episode.next_due_on < on),
                actions=episode_actions(
                    episode, child_uid=page.child.uid, year_group=year_group, is_manager=is_manager
                )
                if episode.is_open
                else [],
                outstanding_requests=outstanding.get(episode.pk, []) if episode.is_open else [],
                linked_from=by_id.get(episode.linked_from_id),
                led_to=[e for e in page.episodes if e.linked_from_id == episode.pk],
                visits=[
                    VisitRow(visit, overdue=visit.booked_on < on, recordable=visit.booked_on <= on)
                    for visit in waiting.get(episode.pk, [])
                ],
            )
        )
    # Open cases first, then the most recent.
    cards.sort(key=lambda card: not card.episode.is_open)
    return cards


def _episode_id_of(item) -> int | None:
    obj = item.obj
    return getattr(obj, "episode_id", None)


def _timeline(page) -> list[TimelineRow]:
    labels = {e.pk: f"{EPISODE_KIND_LABELS[EpisodeKind(e.kind)]}" for e in page.episodes}
    several = len(page.episodes) > 1
    rows = []
    for item in page.timeline:
        considerations = []
        if item.kind == "judgement":
            considerations = [
                (CONSIDERATIONS_BY_CODE[code].title, note)
                for code, note in item.obj.consideration_notes.items()
                if code in CONSIDERATIONS_BY_CODE and note
            ]
        episode_id = _episode_id_of(item)
        rows.append(
            TimelineRow(
                item=item,
                case_label=labels.get(episode_id, "") if several else "",
                considerations=considerations,
            )
        )
    return rows


def _people(page) -> list[dict]:
    return [
        {
            "link": link,
            "person": link.person,
            "relationship": _label(RELATIONSHIPS, link.relationship),
            "contact_method": _label(CONTACT_METHODS, link.person.preferred_contact_method)
            if link.person.preferred_contact_method
            else "",
        }
        for link in page.relationships
    ]


def _history_query(request) -> tuple[frozenset[str], int]:
    """The kinds and page asked for; anything not recognised is left out (an old bookmark or
    a hand-edited address shows the first page of everything rather than failing)."""
    known = {code for code, _label in TIMELINE_KINDS}
    kinds = frozenset(kind for kind in request.GET.getlist("kind") if kind in known)
    number = request.GET.get("page", "1")
    return kinds, int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1


def _history_links(history) -> dict:
    """The filter's choices and the "Newer" / "Older" addresses, keeping the filter."""
    kinds = [code for code, _label in TIMELINE_KINDS if code in history.kinds]

    def href(number: int) -> str:
        query = [("kind", kind) for kind in kinds] + ([("page", number)] if number > 1 else [])
        return f"?{urlencode(query)}#history" if query else "?#history"

    return {
        "choices": [
            {"code": code, "label": label, "checked": code in history.kinds}
            for code, label in TIMELINE_KINDS
        ],
        "filtered": bool(kinds),
        "labels": [label for code, label in TIMELINE_KINDS if code in history.kinds],
        "newer": href(history.number - 1) if history.has_newer else "",
        "older": href(history.number + 1) if history.has_older else "",
        "number": history.number,
    }


class ChildDetailView(CaseworkMixin, View):
    def get(self, request, uid):
        child_id = get_object_or_404(Child.objects.values_list("pk", flat=True), uid=uid)
        on = today()
        kinds, number = _history_query(request)
        page = child_page(child_id, today=on, kinds=kinds, page=number)
        record_child_read(request, page.child)
        year_group = page.child.year_group(on)
        is_manager = request.user.has_role(Role.MANAGER)
        cards = _cards(page, on=on, year_group=year_group, is_manager=is_manager)
        panels = case_panels(page.episodes, today=on)  # one query, only with EHE/CME cases
        for card in cards:
            card.cme = panels.cme.get(card.episode.pk)
            card.unsuitable_since = panels.unsuitable_since.get(card.episode.pk)
        context = identity(page.child, on) | {
            "page": page,
            "tags": [
                {"text": tag, "css": IDENTITY_TAGS[tag][0], "hidden": IDENTITY_TAGS[tag][1]}
                for tag in page.tags
            ],
            "cards": cards,
            "timeline": _timeline(page),
            "history": _history_links(page.history),
            "people": _people(page),
            "sen_label": _label(SEN_STATUS, page.sen_status),
            "csc_label": _label(CSC_STATUS, page.csc_status),
            # DOMAIN §5.2: a child known to social care becoming EHE is flagged to a manager.
            "alerts": child_open_alerts(child_id) if is_manager else [],
            "is_manager": is_manager,
        }
        return render(request, "cases/child/detail.html", context)


urlpatterns = [
    path("children/<uuid:uid>/", ChildDetailView.as_view(), name="child-detail"),
    *child_contacts.urlpatterns,
    *child_episode.urlpatterns,
    *child_open.urlpatterns,
    *child_records.urlpatterns,
]
