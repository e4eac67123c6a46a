"""Reading school types from Get Information about Schools (GIAS).

GIAS describes each establishment with a "TypeOfEstablishment (name)". The DfE return groups
children starting EHE by the type of school they left (DOMAIN.md §8.2), so every GIAS type maps
to exactly one code in ``policy.vocab.PREVIOUS_SCHOOL_TYPES``. Special schools matter on their
own too: a child placed at a special school by the council cannot be removed from its roll for
home education without the council's consent (DOMAIN.md §5.4).

Pure: no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocab import PREVIOUS_SCHOOL_TYPES


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


# GIAS names as GIAS spells them. Matching ignores case and runs of spaces.
_LA_MAINTAINED = (
    "Community school",
    "Voluntary aided school",
    "Voluntary controlled school",
    "Foundation school",
)
_ACADEMY = (
    "Academy converter",
    "Academy sponsor led",
    "Academy 16-19 converter",
    "Academy 16 to 19 sponsor led",
    # University technical colleges and studio schools are academies in law.
    "University technical college",
    "Studio schools",
    # City technology colleges are the forerunners of academies, funded by the state.
    "City technology college",
)
_FREE_SCHOOL = ("Free schools", "Free schools 16 to 19")
_INDEPENDENT = ("Other independent school",)
SPECIAL_TYPES = frozenset(
    _key(name)
    for name in (
        "Community special school",
        "Foundation special school",
        "Academy special converter",
        "Academy special sponsor led",
        "Free schools special",
        "Non-maintained special school",
        "Other independent special school",
    )
)
_ALTERNATIVE_PROVISION = (
    "Academy alternative provision converter",
    "Academy alternative provision sponsor led",
    "Free schools alternative provision",
)
_PUPIL_REFERRAL_UNIT = ("Pupil referral unit",)
_EARLY_YEARS = ("Local authority nursery school",)

_BY_TYPE: dict[str, str] = {}
for _code, _names in (
    ("la_maintained", _LA_MAINTAINED),
    ("academy", _ACADEMY),
    ("free_school", _FREE_SCHOOL),
    ("independent", _INDEPENDENT),
    ("alternative_provision", _ALTERNATIVE_PROVISION),
    ("pupil_referral_unit", _PUPIL_REFERRAL_UNIT),
    ("early_years_setting", _EARLY_YEARS),
):
    for _name in _names:
        _BY_TYPE[_key(_name)] = _code
for _special in SPECIAL_TYPES:
    _BY_TYPE[_special] = "special"

UNKNOWN_TYPE = "other_or_unknown"

# Every mapped code is a real DfE previous-school type; a typo here would break the return.
if not set(_BY_TYPE.values()) | {UNKNOWN_TYPE} <= set(PREVIOUS_SCHOOL_TYPES.codes):
    raise ImportError("policy.gias maps a GIAS type to a code missing from PREVIOUS_SCHOOL_TYPES")


@dataclass(frozen=True)
class SchoolType:
    """What a GIAS establishment type means for us."""

    previous_school_type: str
    is_special: bool


def school_type_for(establishment_type: str) -> SchoolType:
    """Map a GIAS "TypeOfEstablishment (name)" to a DfE previous-school type code.

    Types that are not schools a child of compulsory school age would leave for EHE (further
    education colleges, secure units, overseas schools …) and anything unrecognised map to
    "other_or_unknown", which is what the return expects for them.
    """
    key = _key(establishment_type)
    return SchoolType(
        previous_school_type=_BY_TYPE.get(key, UNKNOWN_TYPE),
        is_special=key in SPECIAL_TYPES,
    )


# GIAS "EstablishmentStatus (name)" values. A school proposed to close is still open; one
# proposed to open has no pupils yet.
_OPEN_STATUSES = frozenset({_key("Open"), _key("Open, but proposed to close")})
_NOT_OPEN_STATUSES = frozenset({_key("Closed"), _key("Proposed to open")})
ESTABLISHMENT_STATUSES = ("Open", "Open, but proposed to close", "Closed", "Proposed to open")


def is_open_status(status: str) -> bool:
    """Whether a GIAS establishment status means the school is open.

    An unknown status raises ``ValueError`` so an import stops rather than guessing.
    """
    key = _key(status)
    if key in _OPEN_STATUSES:
        return True
    if key in _NOT_OPEN_STATUSES:
        return False
    raise ValueError(
        f"{status!r} is not a GIAS establishment status; expected one of "
        + ", ".join(ESTABLISHMENT_STATUSES)
    )
