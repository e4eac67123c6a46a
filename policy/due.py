"""What is due on a case, and when. Pure: values come from the council's settings, dates
from the caller.

Every open case always has something due (docs/decisions/0010-due-dates.md): a case nobody
is prompted to look at is how a child is lost. Each ``*_due_items`` function returns at least
one item for every open status of its kind, soonest first.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import add_working_days
from .deadlines import add_months
from .school_age import compulsory_school_age, year_group
from .workflow import CMEStatus, EHEStatus


@dataclass(frozen=True)
class DueValues:
    """The council's local timescales (DOMAIN.md §5.2 [practice]); administrators change them
    on ``CaseworkSettings``. The defaults here are the service's defaults."""

    initial_contact_working_days: int = 10
    next_contact_months: int = 12
    information_reply_days: int = 28
    post16_advice_days_before_csa_end: int = 150
    cme_home_visit_working_days: int = 5
    acknowledgement_working_days: int = 5
    judgement_after_initial_contact_working_days: int = 20
    judgement_after_reply_working_days: int = 10
    panel_decision_working_days: int = 20
    s437_review_days: int = 30
    sao_review_working_days: int = 15
    return_review_working_days: int = 20
    cme_enquiries_review_working_days: int = 10
    cme_placing_review_working_days: int = 10
    involvement_follow_up_working_days: int = 10
    # Next contact by risk tier: the shortest interval among the tiers that apply wins.
    next_contact_months_cpp: int = 12
    next_contact_months_cin: int = 12
    next_contact_months_ehcp: int = 12
    next_contact_months_first_year: int = 12
    next_contact_months_no_recent_contact: int = 12

    def months_for_tier(self, tier: str) -> int:
        return getattr(self, f"next_contact_months_{tier}")


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_on: date

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


# What a booked visit or meeting is called as a case's next date ("booked_<visit kind>").
BOOKED_LABELS = {
    "booked_home_visit": "Booked home visit",
    "booked_virtual_visit": "Booked virtual visit",
    "booked_meeting_elsewhere": "Booked meeting elsewhere",
    "booked_school_meeting": "Booked school meeting",
}

DUE_KIND_LABELS = {
    "initial_contact": "Initial contact",
    "acknowledgement": "Acknowledgement letter",
    "next_contact": "Next contact",
    "judgement": "Suitability judgement",
    "information_reply": "Reply to information request",
    "panel_decision": "Panel decision",
    "s437_review": "Review of the s437 notice",
    "sao_review": "School attendance order compliance review",
    "return_review": "Return to school review",
    "post16_advice": "Post-16 advice referral",
    "csa_end": "Leaves compulsory school age",
    "cme_home_visit": "Home visit (reasonable enquiries)",
    "cme_enquiries_review": "Review of enquiries",
    "cme_placing_review": "Placing review",
    "involvement_follow_up": "Follow-up",
    **BOOKED_LABELS,
}

# Contact with the family that can stand as the annual contact (DfE guidance: at least
# annually). An EHCP annual review counts when the parents want minimal contact (DOMAIN §5.2).
QUALIFYING_CONTACT_TYPES = frozenset(
    {
        "initial_contact",
        "annual_contact",
        "home_visit",
        "virtual_visit",
        "meeting_elsewhere",
        "written_report",
        "ehcp_annual_review",
    }
)


# The acknowledgement (welcome) letter to a family on a new case (DOMAIN §7), as triage shows
# it: due until a letter is recorded, while the case is new. Once the family has been reached
# the conversation has begun, and the outcome letter after a judgement says the same things.
ACKNOWLEDGEMENT_STATUSES = frozenset({EHEStatus.NEW})

# Statuses whose next date is reckoned from the day the case entered them.
STATUS_ENTRY_STATUSES = frozenset(
    {
        EHEStatus.INFORMAL_ENQUIRY,
        EHEStatus.INFORMATION_REQUESTED,
        EHEStatus.PANEL,
        EHEStatus.S437_NOTICE,
        EHEStatus.SAO_PROCESS,
        EHEStatus.RETURNING_TO_SCHOOL,
        CMEStatus.PLACING,
    }
)

# Risk tiers that shorten the interval to the next contact (docs/decisions/0010-due-dates.md).
RISK_TIERS = {
    "cpp": "Child protection plan",
    "cin": "Child in need",
    "ehcp": "Education, health and care plan",
    "first_year": "First year of home education",
    "no_recent_contact": "No contact in the last 12 months",
}
# DfE guidance expects contact at least once a year: a year without one is a tier of its own.
NO_RECENT_CONTACT_MONTHS = 12
FIRST_YEAR_MONTHS = 12


def initial_contact_due(start: date, values: DueValues) -> date:
    return add_working_days(start, values.initial_contact_working_days)


def acknowledgement_due(start: date, values: DueValues) -> date:
    """The acknowledgement (welcome) letter to a new home-educating family (DOMAIN §7)."""
    return add_working_days(start, values.acknowledgement_working_days)


def next_contact_due(last_contact: date, values: DueValues) -> date:
    return add_months(last_contact, values.next_contact_months)


def information_reply_due(requested: date, values: DueValues) -> date:
    return requested + timedelta(days=values.information_reply_days)


def post16_advice_due(dob: date, values: DueValues) -> date:
    _, csa_end = compulsory_school_age(dob)
    return csa_end - timedelta(days=values.post16_advice_days_before_csa_end)


def cme_home_visit_due(start: date, values: DueValues) -> date:
    """Practice (DOMAIN §5.3): a home visit within a few school days of the referral. Working
    days stand in for school days: term dates are not held per school."""
    return add_working_days(start, values.cme_home_visit_working_days)


def risk_tiers(
    *,
    csc_status: str,
    has_ehcp: bool,
    start: date,
    last_contact: date | None,
    today: date,
) -> frozenset[str]:
    """The risk tiers that apply to an EHE child on ``today``."""
    tiers = set()
    if csc_status in {"cpp", "cin"}:
        tiers.add(csc_status)
    if has_ehcp:
        tiers.add("ehcp")
    if today < add_months(start, FIRST_YEAR_MONTHS):
        tiers.add("first_year")
    if add_months(last_contact or start, NO_RECENT_CONTACT_MONTHS) < today:
        tiers.add("no_recent_contact")
    return frozenset(tiers)


def next_contact_months(tiers: frozenset[str], values: DueValues) -> int:
    """The shortest interval among the standard one and every tier that applies."""
    return min([values.next_contact_months, *(values.months_for_tier(t) for t in tiers)])


@dataclass(frozen=True)
class EHEFacts:
    """What the due rules need to know about one open EHE case."""

    status: str
    start: date
    dob: date
    # The day the case entered its current status (the latest move into it), if recorded.
    entered_status_on: date | None = None
    # The latest contact that shared information, or judgement (whichever is later).
    last_qualifying_contact: date | None = None
    # The latest contact of any kind (a review of a case waiting for a school place).
    last_contact: date | None = None
    # A next-contact date the latest judgement set for itself.
    judgement_next_contact: date | None = None
    open_information_reply_by: date | None = None
    last_reply_received: date | None = None
    letter_sent: bool = False
    post16_advice_done: bool = False
    risk_tiers: frozenset[str] = frozenset()


def _next_contact(facts: EHEFacts, values: DueValues) -> DueItem:
    base = facts.last_qualifying_contact or facts.start
    due = facts.judgement_next_contact or next_contact_due(base, values)
    shortest = next_contact_months(facts.risk_tiers, values)
    return DueItem("next_contact", min(due, add_months(base, shortest)))


def _status_items(facts: EHEFacts, values: DueValues) -> list[DueItem]:
    """What the case's status makes due."""
    entered = facts.entered_status_on or facts.start
    status = facts.status
    if status == EHEStatus.NEW:
        return [DueItem("initial_contact", initial_contact_due(facts.start, values))]
    if status == EHEStatus.INFORMAL_ENQUIRY:
        # A judgement follows the initial contact, unless the annual cycle comes round first.
        judgement = add_working_days(entered, values.judgement_after_initial_contact_working_days)
        return [DueItem("judgement", judgement), _next_contact(facts, values)]
    if status == EHEStatus.SUITABLE:
        return [_next_contact(facts, values)]
    if status == EHEStatus.INFORMATION_REQUESTED:
        if facts.open_information_reply_by:
            return [DueItem("information_reply", facts.open_information_reply_by)]
        replied = facts.last_reply_received or entered
        return [
            DueItem(
                "judgement", add_working_days(replied, values.judgement_after_reply_working_days)
            )
        ]
    if status == EHEStatus.PANEL:
        return [
            DueItem("panel_decision", add_working_days(entered, values.panel_decision_working_days))
        ]
    if status == EHEStatus.S437_NOTICE:
        # The notice period's own end is not recorded yet; the review comes after any period
        # the law allows (s437(2): at least 15 days from service).
        return [DueItem("s437_review", entered + timedelta(days=values.s437_review_days))]
    if status == EHEStatus.SAO_PROCESS:
        return [DueItem("sao_review", add_working_days(entered, values.sao_review_working_days))]
    if status == EHEStatus.RETURNING_TO_SCHOOL:
        # Reviewed every so often until the child starts: each contact recorded is a review.
        reviewed = max(d for d in (entered, facts.last_contact) if d)
        return [
            DueItem("return_review", add_working_days(reviewed, values.return_review_working_days))
        ]
    return []


def ehe_due_items(facts: EHEFacts, *, today: date, values: DueValues) -> list[DueItem]:
    """Everything due on an open EHE case, soonest first."""
    items = _status_items(facts, values)
    if facts.status in ACKNOWLEDGEMENT_STATUSES and not facts.letter_sent:
        items.append(DueItem("acknowledgement", acknowledgement_due(facts.start, values)))
    _, csa_end = compulsory_school_age(facts.dob)
    if not facts.post16_advice_done and year_group(facts.dob, today) >= 11:
        items.append(DueItem("post16_advice", post16_advice_due(facts.dob, values)))
    items.append(DueItem("csa_end", csa_end))
    return sorted(items, key=lambda item: item.due_on)


def has_left_compulsory_school_age(dob: date, today: date) -> bool:
    _, csa_end = compulsory_school_age(dob)
    return today > csa_end


def cme_due_items(
    *,
    status: str,
    start: date,
    home_visit_made: bool,
    values: DueValues,
    last_activity: date | None = None,
    entered_status_on: date | None = None,
) -> list[DueItem]:
    """What is due on an open CME case, soonest first. Practice (DOMAIN §5.3): a home visit
    within a few school days of the case starting, as one of the reasonable enquiries; the
    enquiries are then reviewed after each is recorded, and a child being placed in school is
    reviewed until the place starts. ``last_activity`` is the latest enquiry or contact."""
    latest = max(d for d in (start, last_activity, entered_status_on) if d)
    if status == CMEStatus.PLACING:
        items = [
            DueItem(
                "cme_placing_review",
                add_working_days(latest, values.cme_placing_review_working_days),
            )
        ]
    else:
        items = [
            DueItem(
                "cme_enquiries_review",
                add_working_days(latest, values.cme_enquiries_review_working_days),
            )
        ]
        if not home_visit_made:
            items.append(DueItem("cme_home_visit", cme_home_visit_due(start, values)))
    return sorted(items, key=lambda item: item.due_on)


def involvement_due_items(
    *, start: date, last_contact: date | None, values: DueValues
) -> list[DueItem]:
    """A family considering home education (DOMAIN §5.1) is followed up after the start and
    after each contact until the involvement is concluded."""
    base = max(d for d in (start, last_contact) if d)
    return [
        DueItem(
            "involvement_follow_up",
            add_working_days(base, values.involvement_follow_up_working_days),
        )
    ]


def booked_visit_item(visit_kind: str, booked_on: date) -> DueItem:
    """A booked visit or meeting is due on its day; after the day, until it is recorded as
    held or not held, it is overdue."""
    return DueItem(f"booked_{visit_kind}", booked_on)


def soonest(items: list[DueItem]) -> DueItem | None:
    return min(items, key=lambda item: item.due_on, default=None)
