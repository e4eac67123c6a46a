"""The front door's rules: what a school's deletion return does on each regulation 9(1)
ground, when it may be sent, which pupils it may be about, the shape of the contact details
it carries, and the states a return moves through, declared once.

School Attendance (Pupil Registration) (England) Regulations 2024, regulations 9 and 13;
DOMAIN §5.4. Pure: no database, no clock; dates are arguments.
"""

from __future__ import annotations

import re
from datetime import date

from .calendar import add_working_days
from .school_age import compulsory_school_age
from .vocab import Vocabulary
from .workflow import TransitionRefused

# ---------------------------------------------------------------------------------------------
# What each ground does (DOMAIN §5.4)

# (f) the parent's written notice of home education; (e) an order revoked because the child is
# now educated suitably otherwise than at school (s442): both are home education.
GROUNDS_OPENING_EHE = frozenset({"e", "f"})
# Only (f) rests on a notice the parent gave the school, which the return must carry.
GROUNDS_NEEDING_PARENT_NOTICE = frozenset({"f"})
# Moved away, did not come back after leave, or 20 days' unauthorised absence: with nowhere
# known to go, the child may be missing education.
GROUNDS_OPENING_CME_IF_DESTINATION_UNKNOWN = frozenset({"g", "h", "i"})
GROUNDS_CLOSING_CASES = frozenset({"k"})
# While a school attendance order is in force the pupil is registered under it and may leave
# the register only when the order is amended (d) or revoked (e), or on death (k)
# (regulation 9(1)(d) and (e)). Every other ground is flagged back to the school.
GROUNDS_LAWFUL_UNDER_AN_ORDER = frozenset({"d", "e", "k"})
# Grounds where the pupil not being of compulsory school age is the point: a nursery child
# not moving up (b) and a pupil past the age who is not staying on (l).
GROUNDS_OUTSIDE_SCHOOL_AGE = frozenset({"b", "l"})

OPEN_EHE = "open_ehe"
OPEN_CME = "open_cme"
CLOSE_CASES = "close_cases"
RECORD = "record"

# Actions that need the deletion date to have come: a case starts on it, and a case cannot
# start (or end) on a day that has not happened yet.
ACTIONS_ON_THE_DELETION_DATE = frozenset({OPEN_EHE, OPEN_CME, CLOSE_CASES})

# Grounds (g), (h) and (i) with nowhere known to go: the likeliest DfE reason for the CME case.
CME_REASON_FOR_GROUND = {
    "g": "believed_moved_to_another_la",
    "h": "believed_moved_to_another_country",
    "i": "unknown",
}


def deletion_action(ground: str, *, destination_known: bool | None) -> str:
    """What the council does with a removal on ``ground`` once nothing stops it."""
    if ground in GROUNDS_OPENING_EHE:
        return OPEN_EHE
    if ground in GROUNDS_OPENING_CME_IF_DESTINATION_UNKNOWN and not destination_known:
        return OPEN_CME
    if ground in GROUNDS_CLOSING_CASES:
        return CLOSE_CASES
    return RECORD


def flagged_for_an_order(ground: str, *, order_in_force: bool) -> bool:
    """Whether a removal must go back to the school because an order is in force."""
    return order_in_force and ground not in GROUNDS_LAWFUL_UNDER_AN_ORDER


def order_in_force_on(on: date, *, steps: list[tuple[date, int, str]], date_of_birth: date) -> bool:
    """Whether a school attendance order is in force on ``on``.

    ``steps`` are (date, id, kind) for the child's ``sao_served`` and ``sao_revoked`` steps on
    any case. An order served and not later revoked is in force while the child is of
    compulsory school age (Education Act 1996 s437(4)); after that it lapses by itself."""
    orders = sorted((day, pk, kind) for day, pk, kind in steps if kind in _ORDER_STEPS)
    if not orders or orders[-1][2] != "sao_served":
        return False
    _, last_day = compulsory_school_age(date_of_birth)
    return on <= last_day


_ORDER_STEPS = frozenset({"sao_served", "sao_revoked"})

# ---------------------------------------------------------------------------------------------
# When a return may be sent (regulation 13)

# The return is due as soon as the ground is met and no later than the deletion, so a school
# may send it before the pupil leaves. 20 working days is our limit on "before": far enough
# for a parent's notice given ahead of a half term, near enough that the details still hold.
DAYS_AHEAD = 20


def latest_deletion_date(today: date) -> date:
    """The latest deletion date a return sent on ``today`` may give."""
    return add_working_days(today, DAYS_AHEAD)


def deletion_date_problem(deletion_date: date, *, today: date, date_of_birth: date | None) -> str:
    """Why ``deletion_date`` cannot be the date on a return sent on ``today``; "" if it can."""
    latest = latest_deletion_date(today)
    if deletion_date > latest:
        return (
            f"The deletion date must be no more than {DAYS_AHEAD} working days from today: "
            f"{latest:%-d %B %Y} at the latest"
        )
    if date_of_birth is not None and deletion_date <= date_of_birth:
        return "The deletion date must be after the date of birth"
    return ""


def school_age_problem(ground: str, *, date_of_birth: date, deletion_date: date) -> str:
    """Why a pupil removed on ``ground`` on ``deletion_date`` cannot be: a pupil the council
    must hear about is of compulsory school age on the day they leave, except on grounds
    (b) and (l). "" when there is no problem."""
    if ground in GROUNDS_OUTSIDE_SCHOOL_AGE:
        return ""
    first_day, last_day = compulsory_school_age(date_of_birth)
    if deletion_date < first_day:
        return (
            "On the deletion date the pupil is not yet of compulsory school age (it starts on "
            f"{first_day:%-d %B %Y}). Check the date of birth and the date, or choose ground (b) "
            "for a nursery pupil who is not moving up"
        )
    if deletion_date > last_day:
        return (
            "On the deletion date the pupil is past compulsory school age (it ended on "
            f"{last_day:%-d %B %Y}). Check the date of birth and the date, or choose ground (l) "
            "for a pupil who is not staying on"
        )
    return ""


# ---------------------------------------------------------------------------------------------
# The contact details a return carries

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# Outward code (area, district) and inward code (sector, unit): the shape of a UK postcode,
# not a list of real ones, so invented addresses in tests and the demo still pass.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_POSTCODE_AT_END = re.compile(r"[,\s]*\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})\s*$")

PHONE_PROBLEM = "Enter a UK telephone number, like 01632 960 001, 07700 900 982 or +44 7700 900 982"
POSTCODE_PROBLEM = "Enter a real postcode, like AA1 1AA"


def phone_digits(phone: str) -> str:
    """The number's digits without the +44 prefix; "" when it is not a UK number.

    A UK number is 10 or 11 digits once spaces (and the hyphens and brackets people type) are
    removed; it may start +44 instead of the leading 0."""
    text = _PHONE_SEPARATORS.sub("", phone or "")
    if text.startswith("+44"):
        text = text[3:]
    if not text.isdigit() or not 10 <= len(text) <= 11:
        return ""
    return text


def phone_problem(phone: str) -> str:
    return "" if phone_digits(phone) else PHONE_PROBLEM


def same_phone(a: str, b: str) -> bool:
    """Two numbers are the same when their digits are, with or without the leading 0."""
    first, second = phone_digits(a) or a.strip(), phone_digits(b) or b.strip()
    return first.lstrip("0") == second.lstrip("0")


def normalise_postcode(postcode: str) -> str:
    """Upper case with one space before the inward code; "" when it is not a UK postcode."""
    compact = "".join((postcode or "").split()).upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else ""


def postcode_problem(postcode: str) -> str:
    return "" if normalise_postcode(postcode) else POSTCODE_PROBLEM


def split_postcode(one_line: str) -> tuple[str, str]:
    """A one-line address as (the rest, the postcode it ends with), so a parent's address can
    be held in the record's fields. No postcode at the end: (the whole line, "")."""
    text = (one_line or "").strip()
    match = _POSTCODE_AT_END.search(text)
    if not match or not (postcode := normalise_postcode(match.group(1))):
        return text, ""
    return text[: match.start()].strip().rstrip(","), postcode


# ---------------------------------------------------------------------------------------------
# The return's states, declared once (cases.services.frontdoor.state writes them)

# Outcomes: what the council did with the return. "" is "not routed yet".
NOT_ROUTED = ""
WAITING_FOR_DELETION_DATE = "waiting_for_deletion_date"
AWAITING_MATCH = "awaiting_match"
CONSENT_REQUIRED = "consent_required"
EHE_OPENED = "ehe_opened"
CME_OPENED = "cme_opened"
INVOLVEMENT_OPENED = "involvement_opened"
EPISODES_CLOSED = "episodes_closed"
LINKED = "linked"
RECORDED = "recorded"
SAO_IN_FORCE = "sao_in_force"
CONSENT_REFUSED = "consent_refused"
REFERRED = "referred_to_other_council"

# Statuses: what the school sees.
RECEIVED = "received"
PROCESSED = "processed"
QUERY_RAISED = "query_raised"
ORDER_IN_FORCE = "order_in_force"
REFUSED = "consent_refused"
PASSED_ON = "referred"

ROUTED = frozenset({EHE_OPENED, CME_OPENED, INVOLVEMENT_OPENED, EPISODES_CLOSED, LINKED, RECORDED})
# Routing may stop short of an action: the child is not certain, the council must consent,
# an order is in force, or the deletion date has not come.
STOPS = frozenset({AWAITING_MATCH, CONSENT_REQUIRED, SAO_IN_FORCE, WAITING_FOR_DELETION_DATE})

OUTCOME_MOVES: dict[str, frozenset[str]] = {
    NOT_ROUTED: ROUTED | STOPS,
    AWAITING_MATCH: ROUTED | (STOPS - {AWAITING_MATCH}),
    # On the day, the checks run again: a child may have been added meanwhile (a match to
    # make) or an order served.
    WAITING_FOR_DELETION_DATE: ROUTED | (STOPS - {WAITING_FOR_DELETION_DATE}),
    # A manager's decision: consent (the removal goes ahead, perhaps on a later day, unless
    # an order has been served meanwhile), refusal, or the place was arranged by another
    # council, whose consent it is.
    CONSENT_REQUIRED: frozenset(
        {EHE_OPENED, LINKED, WAITING_FOR_DELETION_DATE, SAO_IN_FORCE, CONSENT_REFUSED, REFERRED}
    ),
    **{outcome: frozenset() for outcome in ROUTED | {SAO_IN_FORCE, CONSENT_REFUSED, REFERRED}},
}

# What the school sees for each outcome once the council has dealt with it.
STATUS_FOR_OUTCOME: dict[str, str] = {
    NOT_ROUTED: RECEIVED,
    WAITING_FOR_DELETION_DATE: RECEIVED,
    AWAITING_MATCH: RECEIVED,
    CONSENT_REQUIRED: RECEIVED,
    **dict.fromkeys(ROUTED, PROCESSED),
    SAO_IN_FORCE: ORDER_IN_FORCE,
    CONSENT_REFUSED: REFUSED,
    REFERRED: PASSED_ON,
}

STATUS_MOVES: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({PROCESSED, QUERY_RAISED, ORDER_IN_FORCE, REFUSED, PASSED_ON}),
    # The school answers: the return waits for the council again.
    QUERY_RAISED: frozenset({RECEIVED}),
    # The council may ask a question about a return it has dealt with.
    PROCESSED: frozenset({QUERY_RAISED}),
    # The school has been told what stops the removal; nothing more comes of this return.
    ORDER_IN_FORCE: frozenset(),
    REFUSED: frozenset(),
    PASSED_ON: frozenset(),
}


def check_return_move(*, status: str, outcome: str, to_status: str, to_outcome: str) -> None:
    """Raise ``TransitionRefused`` unless a return may move from (status, outcome) to
    (to_status, to_outcome)."""
    if to_outcome not in OUTCOME_MOVES or outcome not in OUTCOME_MOVES:
        raise TransitionRefused(f"'{to_outcome or outcome}' is not an outcome of a return.")
    if to_status not in STATUS_MOVES or status not in STATUS_MOVES:
        raise TransitionRefused(f"'{to_status or status}' is not a status of a return.")
    if to_outcome != outcome:
        if status != RECEIVED:
            raise TransitionRefused(
                "The school has been asked a question about this return. Wait for its answer."
                if status == QUERY_RAISED
                else "This return has already been dealt with."
            )
        if to_outcome not in OUTCOME_MOVES[outcome]:
            raise TransitionRefused(
                f"A return that is '{outcome or 'not routed'}' cannot become '{to_outcome}'."
            )
    if to_status != status and to_status not in STATUS_MOVES[status]:
        raise TransitionRefused(
            f"A return the school sees as '{status}' cannot become '{to_status}'."
        )
    # A question (and an answer not yet read) can sit on any outcome; otherwise the school
    # sees what the outcome means.
    if to_status not in {STATUS_FOR_OUTCOME[to_outcome], QUERY_RAISED, RECEIVED}:
        raise TransitionRefused(
            f"A return that is '{to_outcome}' cannot be shown to the school as '{to_status}'."
        )


# Messages between the council and a school about a return, each read as what it is.
RETURN_MESSAGE_KINDS = Vocabulary(
    "RETURN_MESSAGE_KINDS",
    (
        ("query", "Question from the council"),
        ("answer", "Answer from the school"),
        ("decision", "The council's decision"),
        ("notice", "Message from the council"),
    ),
)

# Whose consent a special school removal needs: the council that arranged the place, which
# may be another council (DOMAIN §5.4).
CONSENT_ARRANGED_BY = Vocabulary(
    "CONSENT_ARRANGED_BY",
    (
        ("this_council", "This council"),
        ("other_council", "Another council"),
    ),
)


def may_raise_query(status: str) -> bool:
    return QUERY_RAISED in STATUS_MOVES.get(status, frozenset())


def is_final(outcome: str) -> bool:
    return not OUTCOME_MOVES.get(outcome)
