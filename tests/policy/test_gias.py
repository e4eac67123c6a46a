import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.gias import ESTABLISHMENT_STATUSES, SchoolType, is_open_status, school_type_for
from policy.vocab import PREVIOUS_SCHOOL_TYPES

# GIAS "TypeOfEstablishment (name)" values, as GIAS spells them, and what each must become.
EXAMPLES = {
    "Community school": SchoolType("la_maintained", False),
    "Voluntary aided school": SchoolType("la_maintained", False),
    "Voluntary controlled school": SchoolType("la_maintained", False),
    "Foundation school": SchoolType("la_maintained", False),
    "Academy converter": SchoolType("academy", False),
    "Academy sponsor led": SchoolType("academy", False),
    "University technical college": SchoolType("academy", False),
    "Studio schools": SchoolType("academy", False),
    "Free schools": SchoolType("free_school", False),
    "Free schools 16 to 19": SchoolType("free_school", False),
    "Other independent school": SchoolType("independent", False),
    "Community special school": SchoolType("special", True),
    "Foundation special school": SchoolType("special", True),
    "Academy special converter": SchoolType("special", True),
    "Academy special sponsor led": SchoolType("special", True),
    "Free schools special": SchoolType("special", True),
    "Non-maintained special school": SchoolType("special", True),
    "Other independent special school": SchoolType("special", True),
    "Pupil referral unit": SchoolType("pupil_referral_unit", False),
    "Academy alternative provision converter": SchoolType("alternative_provision", False),
    "Academy alternative provision sponsor led": SchoolType("alternative_provision", False),
    "Free schools alternative provision": SchoolType("alternative_provision", False),
    "Local authority nursery school": SchoolType("early_years_setting", False),
    "Further education": SchoolType("other_or_unknown", False),
    "Secure units": SchoolType("other_or_unknown", False),
    "British schools overseas": SchoolType("other_or_unknown", False),
    "": SchoolType("other_or_unknown", False),
}


@pytest.mark.parametrize(("gias_type", "expected"), EXAMPLES.items())
def test_gias_types_map_to_dfe_previous_school_types(gias_type, expected):
    assert school_type_for(gias_type) == expected


def test_matching_ignores_case_and_spacing():
    assert school_type_for("  community   SPECIAL school ") == SchoolType("special", True)


@given(st.text(max_size=60))
def test_any_type_maps_to_a_dfe_code_and_only_special_types_are_special(name):
    result = school_type_for(name)
    assert result.previous_school_type in PREVIOUS_SCHOOL_TYPES
    assert result.is_special == (result.previous_school_type == "special")


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        ("Open", True),
        ("Open, but proposed to close", True),
        ("Closed", False),
        ("Proposed to open", False),
        ("closed", False),
    ],
)
def test_establishment_status(status, is_open):
    assert is_open_status(status) is is_open


def test_unknown_establishment_status_is_refused():
    with pytest.raises(ValueError, match="not a GIAS establishment status"):
        is_open_status("Temporarily shut")
    assert len(ESTABLISHMENT_STATUSES) == 4
