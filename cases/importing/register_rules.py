"""What an imported register row means for the case it becomes. Pure: no database, no clock.

A council's old spreadsheet records where each case got to, not how; these rules turn the
dates it does hold into the status, closure reason, unsuitable period and formal steps the
service keeps. docs/import-register.md explains each choice to the people preparing files.
"""

from __future__ import annotations

from datetime import date

from policy.workflow import CMEStatus, EHEStatus, EpisodeKind

# The end reasons a register file may use. They are the EHE closure codes (DOMAIN §5.5), so an
# EHE row's end reason is stored as it is.
END_REASONS = (
    "returned_to_school",
    "moved_away",
    "left_country",
    "ceased_csa",
    "became_cme",
    "deceased",
    "other",
)

# CME closures have their own outcomes (DOMAIN §5.3). A returned child is on roll in our area;
# one who moved away is in another council's area. "became_cme" cannot describe the end of a
# CME case and "other" says nothing about where the child is, so both are recorded as untraced,
# the outcome that keeps a child on the lost-pupil follow-up, with the register's own word
# kept in the closure notes.
CME_OUTCOME_FOR_END_REASON = {
    "returned_to_school": "on_roll_in_area",
    "moved_away": "other_council_area",
    "left_country": "left_country",
    "ceased_csa": "ceased_csa",
    "deceased": "deceased",
    "became_cme": "untraced",
    "other": "untraced",
}


def closure_for(kind: str, end_reason: str) -> tuple[str, str]:
    """The closure reason code and closure notes for a closed row."""
    if kind == EpisodeKind.EHE:
        notes = "Closed as 'other' in the imported register." if end_reason == "other" else ""
        return end_reason, notes
    outcome = CME_OUTCOME_FOR_END_REASON[end_reason]
    notes = ""
    if end_reason in {"became_cme", "other"}:
        notes = f"Closed as '{end_reason}' in the imported register; recorded as untraced."
    return outcome, notes


def after_revocation(day: date | None, revoked: date | None) -> bool:
    """Whether a step on ``day`` is still live: it exists and no revocation came on or after
    it. An order revoked under s442 means the council accepted the education was suitable, so
    what led up to the order is resolved."""
    return day is not None and (revoked is None or day > revoked)


def open_ehe_status(
    *,
    s437_served: date | None,
    sao_served: date | None,
    sao_revoked: date | None,
    unsuitable_from: date | None,
) -> str:
    """The status of an open imported EHE case: the furthest point on the formal ladder
    (DOMAIN §6) that its dates show is still live, or "suitable" when none is."""
    if sao_served is not None and sao_revoked is None:
        return EHEStatus.SAO_PROCESS
    if after_revocation(s437_served, sao_revoked):
        return EHEStatus.S437_NOTICE
    if after_revocation(unsuitable_from, sao_revoked):
        # A recorded judgement that education does not appear suitable is what takes a case
        # to the School Attendance Panel (DOMAIN §5.2).
        return EHEStatus.PANEL
    return EHEStatus.SUITABLE


def imported_status(
    *,
    kind: str,
    end_date: date | None,
    s437_served: date | None = None,
    sao_served: date | None = None,
    sao_revoked: date | None = None,
    unsuitable_from: date | None = None,
) -> str:
    if end_date is not None:
        return EHEStatus.CLOSED
    if kind == EpisodeKind.CME:
        # Someone is already looking for the child: enquiries are under way.
        return CMEStatus.ENQUIRIES
    return open_ehe_status(
        s437_served=s437_served,
        sao_served=sao_served,
        sao_revoked=sao_revoked,
        unsuitable_from=unsuitable_from,
    )


def unsuitable_period(
    *, unsuitable_from: date | None, end_date: date | None, sao_revoked: date | None
) -> tuple[date, date | None] | None:
    """The dates the child counted as CME for unsuitable education (DOMAIN §5.2, §8.4).

    It runs from ``unsuitable_from`` until the case closed, or until an order made after it
    was revoked (revocation under s442 accepts the education as suitable), or stays open.
    """
    if unsuitable_from is None:
        return None
    if sao_revoked is not None and unsuitable_from < sao_revoked:
        return unsuitable_from, sao_revoked
    return unsuitable_from, end_date


FORMAL_STEP_COLUMNS = (
    ("s437_served_date", "s437_notice"),
    ("sao_served_date", "sao_served"),
    ("sao_revoked_date", "sao_revoked"),
)
