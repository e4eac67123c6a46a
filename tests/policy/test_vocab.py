import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.vocab import (
    CME_CLOSURE_OUTCOMES,
    CME_DURATION_BANDS,
    CME_REASONS,
    CONTACT_METHODS,
    CSC_STATUS,
    DELETION_GROUND_OPENS_EHE,
    DELETION_GROUNDS,
    DELETION_GROUNDS_CLOSE_EPISODES,
    DELETION_GROUNDS_OPEN_CME_IF_DESTINATION_UNKNOWN,
    EHE_CLOSURE_REASONS,
    EHE_REASONS,
    EHE_REASONS_ADDED_AUTUMN_2025,
    PREFERRED_CONTACT_METHODS,
    PREVIOUS_SCHOOL_TYPES,
    SEN_STATUS,
    SERVICE_METHODS,
    SEX,
    SUITABILITY_OUTCOMES,
    VOCABULARIES,
    Vocabulary,
    VocabularyLookupError,
    cme_duration_band,
    is_return_to_school,
)

# The DfE lists as DOMAIN.md §8 writes them, in order.
DFE_EHE_REASONS = [
    "Mental health",
    "Physical health",
    "Health concerns related to COVID19",
    "School dissatisfaction general",
    "School dissatisfaction SEND",
    "School dissatisfaction bullying",
    "Lifestyle",
    "Philosophical or preferential",
    "Religious",
    "Risk of school exclusion",
    "Permanent exclusion",
    "Did not get school preference",
    "Difficulty accessing suitable school place",
    "Offered school place but not yet accepted",
    "Did not apply for school place at compulsory school age",
    "School suggestion",
    "Other",
    "No reason given",
    "Unknown",
]

DFE_CME_REASONS = [
    "Moved in from another local authority",
    "Moved in from another country",
    "School application awaiting outcome",
    "Offered school place but not yet accepted",
    "Waiting school start",
    "Did not get school preference",
    "Unsuitable elective home education",
    "Difficulty accessing suitable school place",
    "School dissatisfaction general",
    "School dissatisfaction SEND",
    "Mental health",
    "Physical health",
    "Parental decision not to register at school",
    "Did not apply for school place at compulsory school age",
    "Challenging school attendance order",
    "Believed to have moved to another local authority",
    "Believed to have moved to another country",
    "Unknown",
    "Not recorded",
    "Other",
]

DFE_DURATION_BANDS = [
    "Less than 2 weeks",
    "2 to 4 weeks",
    "4 to 8 weeks",
    "8 to 12 weeks",
    "12 to 26 weeks",
    "26 to 52 weeks",
    "Over 52 weeks",
    "Unknown",
]

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

ALL_ENTRIES = [
    (vocabulary, code) for vocabulary in VOCABULARIES.values() for code in vocabulary.codes
]


def test_dfe_labels_match_the_published_lists_exactly():
    assert list(EHE_REASONS.labels) == DFE_EHE_REASONS
    assert len(EHE_REASONS) == 19
    assert list(CME_REASONS.labels) == DFE_CME_REASONS
    assert len(CME_REASONS) == 20
    assert list(CME_DURATION_BANDS.labels) == DFE_DURATION_BANDS


def test_labels_named_in_the_brief():
    assert EHE_REASONS.label("covid19_health_concerns") == "Health concerns related to COVID19"
    assert (
        EHE_REASONS.label("did_not_apply_at_csa")
        == "Did not apply for school place at compulsory school age"
    )
    assert CME_REASONS.label("unsuitable_ehe") == "Unsuitable elective home education"
    assert set(EHE_REASONS.codes) >= EHE_REASONS_ADDED_AUTUMN_2025


def test_previous_school_types_follow_the_dfe_order():
    assert PREVIOUS_SCHOOL_TYPES.labels == (
        "Early years setting",
        "Not previously in school",
        "LA maintained",
        "Academy",
        "Free school",
        "Independent",
        "Special",
        "Alternative provision",
        "Pupil referral unit",
        "Already home educated (another area)",
        "Other/unknown",
    )


def test_closure_vocabularies():
    assert EHE_CLOSURE_REASONS.codes == (
        "returned_to_school",
        "moved_away",
        "left_country",
        "ceased_csa",
        "became_cme",
        "deceased",
        "other",
    )
    assert CME_CLOSURE_OUTCOMES.codes == (
        "on_roll_in_area",
        "other_council_area",
        "left_country",
        "ehe",
        "ceased_csa",
        "deceased",
        "untraced",
    )
    assert is_return_to_school("returned_to_school")
    assert not is_return_to_school("moved_away")
    with pytest.raises(VocabularyLookupError):
        is_return_to_school("returned")


def test_small_vocabularies():
    assert SEX.choices == (("F", "Female"), ("M", "Male"), ("U", "Unknown"))
    assert SEN_STATUS.codes == ("none", "sen_support", "ehcp")
    assert CSC_STATUS.codes == ("none", "cin", "cpp", "cla")
    assert SUITABILITY_OUTCOMES.codes == (
        "appears_suitable",
        "not_yet_satisfied",
        "does_not_appear_suitable",
    )
    assert CONTACT_METHODS.codes == (
        "home_visit",
        "virtual_visit",
        "meeting_elsewhere",
        "written_report",
        "phone",
        "email",
    )
    assert PREFERRED_CONTACT_METHODS is CONTACT_METHODS
    assert SERVICE_METHODS.codes == ("first_class", "second_class", "hand")
    assert "email" not in SERVICE_METHODS


def test_deletion_grounds_are_regulation_9_1_a_to_o():
    assert DELETION_GROUNDS.codes == tuple("abcdefghijklmno")
    assert all(label.startswith(f"({code}) ") for code, label in DELETION_GROUNDS.choices)
    assert {"f"} == DELETION_GROUND_OPENS_EHE
    assert {"g", "h", "i"} == DELETION_GROUNDS_OPEN_CME_IF_DESTINATION_UNKNOWN
    assert {"k"} == DELETION_GROUNDS_CLOSE_EPISODES


def test_codes_are_snake_case_except_the_single_letter_sex_codes():
    for vocabulary in VOCABULARIES.values():
        if vocabulary is SEX:
            assert all(re.fullmatch(r"[A-Z]", code) for code in vocabulary.codes)
        else:
            assert all(SNAKE_CASE.match(code) for code in vocabulary.codes), vocabulary


def test_choices_are_pairs_of_strings_usable_by_django():
    for vocabulary in VOCABULARIES.values():
        assert isinstance(vocabulary.choices, tuple)
        for pair in vocabulary.choices:
            assert isinstance(pair, tuple)
            assert len(pair) == 2
            assert all(isinstance(part, str) and part for part in pair)
        assert list(vocabulary) == list(vocabulary.choices)


def test_lookup_dicts_are_read_only():
    with pytest.raises(TypeError):
        EHE_REASONS.by_code["new"] = "New"  # type: ignore[index]
    assert EHE_REASONS.by_label["Lifestyle"] == "lifestyle"


def test_code_for_label_tolerates_case_and_spacing_only():
    assert CME_REASONS.code_for_label("Waiting school start") == "waiting_school_start"
    assert CME_REASONS.code_for_label("  waiting   SCHOOL start ") == "waiting_school_start"
    with pytest.raises(VocabularyLookupError, match="not a label in CME_REASONS"):
        CME_REASONS.code_for_label("Waiting for school start")


def test_unknown_code_error_is_both_key_error_and_value_error():
    with pytest.raises(KeyError):
        EHE_REASONS.label("boredom")
    with pytest.raises(ValueError, match="'boredom' is not a code in EHE_REASONS"):
        EHE_REASONS.label("boredom")
    with pytest.raises(KeyError):
        SEX.code_for_label("Not known")


@pytest.mark.parametrize(
    "pairs",
    [
        (("a", "One"), ("a", "Two")),
        (("a", "One"), ("b", "one")),
        (("has space", "One"),),
    ],
)
def test_vocabulary_rejects_ambiguous_definitions(pairs):
    with pytest.raises(ValueError):
        Vocabulary("BROKEN", pairs)


# CME duration bands.


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "Less than 2 weeks"),
        (13, "Less than 2 weeks"),
        (14, "2 to 4 weeks"),
        (27, "2 to 4 weeks"),
        (28, "4 to 8 weeks"),
        (55, "4 to 8 weeks"),
        (56, "8 to 12 weeks"),
        (83, "8 to 12 weeks"),
        (84, "12 to 26 weeks"),
        (181, "12 to 26 weeks"),
        (182, "26 to 52 weeks"),
        (363, "26 to 52 weeks"),
        (364, "Over 52 weeks"),
        (3000, "Over 52 weeks"),
    ],
)
def test_cme_duration_band_boundaries(days, band):
    census = date(2025, 1, 16)
    assert cme_duration_band(census - timedelta(days=days), census) == band


def test_cme_duration_band_unknown_only_without_a_start():
    assert cme_duration_band(None, date(2025, 1, 16)) == "Unknown"


def test_cme_duration_band_rejects_a_start_after_the_census():
    with pytest.raises(ValueError, match="after the census date"):
        cme_duration_band(date(2025, 1, 17), date(2025, 1, 16))


# Properties.


@given(entry=st.sampled_from(ALL_ENTRIES))
def test_every_code_round_trips_through_its_label(entry):
    vocabulary, code = entry
    label = vocabulary.label(code)
    assert vocabulary.code_for_label(label) == code
    assert vocabulary.by_label[label] == code
    assert vocabulary.code_for_label(label.upper()) == code


@given(
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    first_gap=st.integers(min_value=0, max_value=800),
    extra=st.integers(min_value=0, max_value=800),
)
def test_duration_band_never_goes_down_as_the_census_date_moves_later(start, first_gap, extra):
    order = CME_DURATION_BANDS.labels
    earlier = cme_duration_band(start, start + timedelta(days=first_gap))
    later = cme_duration_band(start, start + timedelta(days=first_gap + extra))
    assert earlier != "Unknown"
    assert order.index(earlier) <= order.index(later)
