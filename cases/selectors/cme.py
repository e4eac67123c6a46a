"""Reads for children missing education: the reasonable-enquiries checklist and duration on
each CME case card, and whether an EHE case currently counts as missing education because the
education was judged unsuitable (DOMAIN §5.2, §5.3, §8.4)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import OuterRef, Q, Subquery

from policy.due import DueValues, cme_home_visit_due
from policy.vocab import CME_ENQUIRY_ITEMS, CME_REASONS, cme_duration_band
from policy.workflow import EpisodeKind

from ..models import Alert, CaseworkSettings, CMEEnquiry, Episode, UnsuitablePeriod
from ..services.cme import cme_duration_days

# Practice (DOMAIN §5.3): a home visit within a few school days of the referral; how many is
# the administrator's CaseworkSettings.cme_home_visit_working_days (policy.due).
HOME_VISIT_ITEM = "home_visit"


@dataclass(frozen=True)
class EnquiryMade:
    made_on: date
    by: str
    outcome: str


@dataclass
class ChecklistItem:
    code: str
    label: str
    enquiries: list[EnquiryMade] = field(default_factory=list)
    due_on: date | None = None
    overdue: bool = False


@dataclass
class CMEPanel:
    """What a CME case card shows beyond the common fields."""

    reason: str
    duration_days: int
    duration_band: str
    checklist: list[ChecklistItem]
    home_visit_working_days: int


@dataclass
class CasePanels:
    cme: dict[int, CMEPanel]
    # EHE episode id -> the date from which it counts as CME (unsuitable education).
    unsuitable_since: dict[int, date]


def _person(first: str | None, last: str | None, username: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or username or "System"


def cme_duration(episode: Episode, on: date) -> tuple[int, str]:
    """Whole days missing education so far and the DfE band (§8.4): to ``on`` while the case
    is open, to its end once closed."""
    days = cme_duration_days(episode, on)
    return days, cme_duration_band(episode.start_date, episode.start_date + timedelta(days=days))


def build_panel(
    episode: Episode, enquiries: list[tuple[str, EnquiryMade]], on: date, values: DueValues
):
    made: dict[str, list[EnquiryMade]] = defaultdict(list)
    for item, enquiry in enquiries:
        made[item].append(enquiry)
    checklist = []
    for code, label in CME_ENQUIRY_ITEMS.choices:
        item = ChecklistItem(code=code, label=label, enquiries=made.get(code, []))
        if code == HOME_VISIT_ITEM:
            item.due_on = cme_home_visit_due(episode.start_date, values)
            item.overdue = episode.is_open and not item.enquiries and item.due_on < on
        checklist.append(item)
    days, band = cme_duration(episode, on)
    reason = episode.primary_reason
    return CMEPanel(
        reason=CME_REASONS.label(reason) if reason in CME_REASONS else reason,
        duration_days=days,
        duration_band=band,
        checklist=checklist,
        home_visit_working_days=values.cme_home_visit_working_days,
    )


def case_panels(episodes: list[Episode], *, today: date) -> CasePanels:
    """The CME checklist and duration for every CME case, and the open unsuitable-education
    period of every open EHE case, among a child's ``episodes`` (already loaded).

    One query however many enquiries there are (none when the child has neither kind of
    case): each relevant episode joined to its enquiries, with the start of the period of
    unsuitable education in force today beside it; and, with a CME case, one for the council's
    timescales (the home visit's due date).
    """
    wanted = {
        e.pk: e
        for e in episodes
        if e.kind == EpisodeKind.CME or (e.kind == EpisodeKind.EHE and e.is_open)
    }
    if not wanted:
        return CasePanels(cme={}, unsuitable_since={})
    in_force = UnsuitablePeriod.objects.filter(episode=OuterRef("pk")).filter(
        Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gt=today))
    )
    rows = (
        Episode.objects.filter(pk__in=wanted)
        .annotate(unsuitable_since=Subquery(in_force.values("valid_from")[:1]))
        .values_list(
            "pk",
            "unsuitable_since",
            "cme_enquiries__item",
            "cme_enquiries__made_on",
            "cme_enquiries__outcome",
            "cme_enquiries__made_by__first_name",
            "cme_enquiries__made_by__last_name",
            "cme_enquiries__made_by__username",
        )
        .order_by("pk", "cme_enquiries__made_on", "cme_enquiries__id")
    )
    enquiries: dict[int, list[tuple[str, EnquiryMade]]] = defaultdict(list)
    unsuitable: dict[int, date] = {}
    has_cme = any(e.kind == EpisodeKind.CME for e in wanted.values())
    values = CaseworkSettings.current().due_values() if has_cme else DueValues()
    for pk, since, item, made_on, outcome, first, last, username in rows:
        if since is not None and wanted[pk].kind == EpisodeKind.EHE:
            unsuitable[pk] = since
        if item is not None:
            enquiries[pk].append(
                (item, EnquiryMade(made_on, _person(first, last, username), outcome))
            )
    return CasePanels(
        cme={
            pk: build_panel(episode, enquiries[pk], today, values)
            for pk, episode in wanted.items()
            if episode.kind == EpisodeKind.CME
        },
        unsuitable_since=unsuitable,
    )


def episode_enquiries(episode: Episode) -> list[CMEEnquiry]:
    """Every enquiry on one CME case, oldest first (for the forms on that case)."""
    return list(
        CMEEnquiry.objects.filter(episode=episode)
        .select_related("made_by")
        .order_by("made_on", "id")
    )


def social_care_alert_raised(episode: Episode) -> bool:
    """Whether opening this CME case alerted a manager that the child is known to social care
    or has a safeguarding concern (DOMAIN §5.3), so the officer must refer at once."""
    return Alert.objects.filter(episode=episode, kind="cme_social_care").exists()
