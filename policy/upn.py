"""Unique pupil numbers (UPN): 13 characters, a check letter first, then the 3-digit local
authority number, the 4-digit establishment number, 2 digits for the year of allocation and
a 3-digit serial. A temporary UPN ends its serial with a letter. The check letter is the
weighted sum of characters 2–13 modulo 23, mapped onto the alphabet without I, O and S
(DfE "Unique pupil numbers (UPN)" guidance)."""

import re

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_SHAPE = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return _CHECK_LETTERS.index(char)


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = sum(_value(char) * weight for weight, char in enumerate(body, start=2))
    return _CHECK_LETTERS[total % 23]


def upn_error(upn: str) -> str | None:
    """Why ``upn`` is not a valid UPN, or None when it is."""
    if len(upn) != 13:
        return "A UPN has 13 characters"
    if not _SHAPE.match(upn):
        return "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"
    if upn_check_letter(upn[1:]) != upn[0]:
        return "The UPN's check letter does not match the rest of the number"
    return None


def is_valid_upn(upn: str) -> bool:
    return upn_error(upn) is None
