"""Unique pupil numbers (UPN): 13 characters, a check letter first, then the 3-digit local
authority number, the 4-digit establishment number, 2 digits for the year of allocation and
a 3-digit serial. A temporary UPN ends its serial with a letter. The check letter is the
weighted sum of characters 2–13 modulo 23, mapped onto the alphabet without I, O and S
(DfE "Unique pupil numbers (UPN)" guidance)."""

import re
from itertools import chain

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_SHAPE = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")


def _numbers(*spans: int | tuple[int, int]) -> frozenset[str]:
    ranges = (range(s, s + 1) if isinstance(s, int) else range(s[0], s[1] + 1) for s in spans)
    return frozenset(f"{n:03d}" for n in chain.from_iterable(ranges))


# Characters 2-4 of a UPN: the local authority numbers DfE accepts there. Source: DfE's Common
# Basic Data Set (CBDS) validation rule 1530, "UPN invalid (characters 2-4 not a recognised LA
# code)": a local authority number in use since the 1998-99 reorganisations, or one of DfE's
# recognised pseudo-LA codes (001-005). Typed from the rule's list of ranges. 838-839 (Dorset;
# Bournemouth, Christchurch and Poole, 2019) and 940-941 (North and West Northamptonshire,
# 2021) are in the rule's later editions; 942-943 (Cumberland; Westmorland and Furness, 2023)
# are from Get Information about Schools' list of local authorities. When DfE issues a new
# number, add it here.
LA_NUMBERS = _numbers(
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    420,
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    815,
    816,
    (820, 823),
    825,
    826,
    830,
    831,
    (835, 839),
    840,
    841,
    845,
    846,
    (850, 852),
    (855, 857),
    860,
    861,
    (865, 896),
    908,
    909,
    916,
    919,
    921,
    925,
    926,
    928,
    929,
    931,
    933,
    (935, 938),
    (940, 943),
)


def normalise_upn(text: str) -> str:
    """A UPN as it is stored and compared: no spaces anywhere, capital letters. People copy
    UPNs from letters and spreadsheets with spaces inside and in any case."""
    return "".join((text or "").split()).upper()


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return _CHECK_LETTERS.index(char)


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = sum(_value(char) * weight for weight, char in enumerate(body, start=2))
    return _CHECK_LETTERS[total % 23]


def upn_error(upn: str) -> str | None:
    """Why ``upn`` (already normalised) is not a valid UPN, or None when it is."""
    if len(upn) != 13:
        return "A UPN has 13 characters"
    if not _SHAPE.match(upn):
        return "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"
    if upn_check_letter(upn[1:]) != upn[0]:
        return "The UPN's check letter does not match the rest of the number"
    if upn[1:4] not in LA_NUMBERS:
        return (
            f"The UPN's local authority number ({upn[1:4]}, characters 2 to 4) is not one "
            "that DfE recognises"
        )
    return None


def is_valid_upn(upn: str) -> bool:
    return upn_error(upn) is None
