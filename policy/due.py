"""What is due on a case, and when. Pure: values come from the council's settings, dates
from the caller."""

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import add_working_days
from .deadlines import add_months
from .school_age import compulsory_school_age, year_group
from .workflow import EHEStatus


@dataclass(frozen=True)
class DueValues:
    """The council's local timescales (DOMAIN.md §5.2 [practice]); administrators change them."""

    initial_contact_working_days: int = 10
    next_contact_months: int = 12
    information_reply_days: int = 28
    post16_advice_days_before_csa_end: int = 150
    cme_home_visit_working_days: int = 5
    acknowledgement_working_days: int = 5


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_on: date

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


DUE_KIND_LABELS = {
    "initial_contact": "Initial contact",
    "next_contact": "Next contact",
    "information_reply": "Reply to information request",
    "post16_advice": "Post-16 advice referral",
    "csa_end": "Leaves compulsory school age",
    "cme_home_visit": "Home visit (reasonable enquiries)",
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

# Anything but a letter we sent means we have been in touch with the family.
INITIAL_CONTACT_TYPES = frozenset(
    {
        "initial_contact",
        "annual_contact",
        "home_visit",
        "virtual_visit",
        "meeting_elsewhere",
        "phone",
        "email",
        "written_report",
        "school_meeting",
        "ehcp_annual_review",
    }
)


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


def ehe_due_items(
    *,
    status: str,
    start: date,
    dob: date,
    today: date,
    values: DueValues,
    last_qualifying_contact: date | None,
    open_information_reply_by: date | None,
    post16_advice_done: bool,
) -> list[DueItem]:
    """Everything due on an open EHE case, soonest first."""
    items: list[DueItem] = []
    if status == EHEStatus.NEW:
        items.append(DueItem("initial_contact", initial_contact_due(start, values)))
    elif status in {EHEStatus.INFORMAL_ENQUIRY, EHEStatus.SUITABLE}:
        base = last_qualifying_contact or start
        items.append(DueItem("next_contact", next_contact_due(base, values)))
    if status == EHEStatus.INFORMATION_REQUESTED and open_information_reply_by:
        items.append(DueItem("information_reply", open_information_reply_by))
    _, csa_end = compulsory_school_age(dob)
    if not post16_advice_done and year_group(dob, today) >= 11:
        items.append(DueItem("post16_advice", post16_advice_due(dob, values)))
    items.append(DueItem("csa_end", csa_end))
    return sorted(items, key=lambda item: item.due_on)


def has_left_compulsory_school_age(dob: date, today: date) -> bool:
    _, csa_end = compulsory_school_age(dob)
    return today > csa_end


def cme_due_items(
    *, status: str, start: date, home_visit_made: bool, values: DueValues
) -> list[DueItem]:
    """What is due on an open CME case. Practice (DOMAIN §5.3): a home visit within 5 school
    days of the case starting, as one of the reasonable enquiries."""
    if status in {"referred", "enquiries"} and not home_visit_made:
        return [
            DueItem("cme_home_visit", add_working_days(start, values.cme_home_visit_working_days))
        ]
    return []
