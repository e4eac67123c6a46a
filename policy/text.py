"""How much free text a field may hold, and how an over-long entry is refused.

The sizes are the service's own choice (docs/decisions/0013-free-text-limits.md): enough for
what the field is for, small enough that a record stays readable and a page stays quick.
Models declare them as max_length, forms count down to them, services refuse past them.
"""

NAME = 100  # a first, last or preferred name
SHORT_TEXT = 300  # one line: who was present, a description, a reference
LONG_TEXT = 5000  # notes, reasons, details: about two pages of typing


def too_long(what: str, limit: int) -> str:
    """GOV.UK's wording: "Notes must be 5,000 characters or fewer"."""
    what = what.strip()
    return f"{what[:1].upper()}{what[1:]} must be {limit:,} characters or fewer"
