"""Service of notices and the periods that run from it (DOMAIN.md §6), plus contact due dates."""

from __future__ import annotations

from datetime import date, timedelta

from policy.calendar import add_working_days
from policy.vocab import SERVICE_METHODS

# Interpretation Act 1978 s7 deems a posted document served when it would arrive in the ordinary
# course of post, unless the contrary is proved; the Queen's Bench Practice Direction of 8 March
# 1985 ([1985] 1 All ER 889) puts that at the second working day after posting for first class
# and the fourth for second class. Hand delivery is served on the day it is delivered.
_WORKING_DAYS_UNTIL_SERVED = {"first_class": 2, "second_class": 4, "hand": 0}

_EMAIL_SPELLINGS = frozenset({"email", "e-mail", "e_mail"})


def deemed_service_date(posted: date, method: str) -> date:
    """Return the day a notice is deemed served, unless the contrary is proved.

    ``posted`` is the day of posting, or for ``"hand"`` the day it was delivered or left at the
    address. ``method`` is a code from ``policy.vocab.SERVICE_METHODS``.
    """
    if method.casefold() in _EMAIL_SPELLINGS:
        # Only post (Interpretation Act 1978 s7) and hand delivery have a settled time of
        # service; an e-mailed copy must never start a statutory period (DOMAIN.md §6).
        raise ValueError(
            "E-mail is not a method of service: serve the notice by post or by hand, and send "
            "any e-mail only as a courtesy copy."
        )
    if method not in _WORKING_DAYS_UNTIL_SERVED:
        raise ValueError(
            f"Unknown method of service {method!r}: expected one of "
            f"{', '.join(SERVICE_METHODS.codes)}."
        )
    return add_working_days(posted, _WORKING_DAYS_UNTIL_SERVED[method])


def notice_period_end(served: date, days: int = 15) -> date:
    """Return the last day of a period of ``days`` days that starts on the day of service.

    Education Act 1996 s437(2) (and s438(2) for a notice of intention) sets a period "beginning
    with" the day of service, so that day is day 1 and the period ends ``days - 1`` calendar days
    later. A notice must not give a deadline earlier than this date.
    """
    if days < 1:
        raise ValueError(f"A notice period must be at least 1 day, not {days}.")
    return served + timedelta(days=days - 1)


def notice_deadline(posted: date, method: str, days: int = 15) -> date:
    """Return the earliest deadline to print on a notice sent on ``posted`` by ``method``."""
    return notice_period_end(deemed_service_date(posted, method), days)


def initial_contact_due(notified: date, working_days: int = 10) -> date:
    """Return the day by which a new EHE notification should have its first contact.

    The number of working days is council practice (default 10, DOMAIN.md §5.2), not law.
    """
    if working_days < 0:
        raise ValueError(f"working_days must not be negative, not {working_days}.")
    return add_working_days(notified, working_days)


def add_months(d: date, months: int) -> date:
    """Return the same day ``months`` calendar months later, clamped to the end of a short month."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(d.day, (next_month - timedelta(days=1)).day))


def next_contact_due(last_contact: date, months: int = 12) -> date:
    """Return the day the next contact is due after ``last_contact``.

    DfE guidance expects contact at least once a year; the interval is council practice.
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}.")
    return add_months(last_contact, months)
