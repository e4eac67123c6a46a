import re

import pytest

import policy.suitability
from policy.suitability import (
    CONSIDERATION_CHOICES,
    CONSIDERATIONS,
    CONSIDERATIONS_BY_CODE,
    GUIDANCE_NOT_A_CHECKLIST,
    Consideration,
    consideration,
)

EXPECTED_CODES = (
    "preparation_for_adulthood",
    "interests_and_strengths",
    "range_of_learning",
    "literacy_and_numeracy",
    "planned_outcomes_and_progress",
    "sufficient_time",
    "learning_environment",
    "social_skills",
    "physical_activity",
    "health_and_wellbeing",
    "learners_views",
    "qualifications_plan",
    "british_values",
    "third_party_providers",
)


def test_the_fourteen_considerations_in_policy_order():
    assert tuple(c.code for c in CONSIDERATIONS) == EXPECTED_CODES


def test_each_consideration_has_a_short_title_and_brief_guidance():
    for item in CONSIDERATIONS:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", item.code)
        assert 0 < len(item.title) <= 40
        assert item.title[0].isupper()
        assert item.guidance.endswith(".")
        assert 1 <= item.guidance.count(". ") + 1 <= 2
        assert len(item.guidance) <= 250


def test_titles_are_distinct():
    titles = [c.title.casefold() for c in CONSIDERATIONS]
    assert len(set(titles)) == len(titles)


def test_lookup_by_code():
    assert consideration("british_values").title == "Fundamental British values"
    assert CONSIDERATIONS_BY_CODE["learners_views"].title == "The child's views"
    with pytest.raises(KeyError, match="not a suitability consideration"):
        consideration("attendance")


def test_choices_pair_codes_with_titles():
    assert CONSIDERATION_CHOICES[0] == ("preparation_for_adulthood", "Preparation for adulthood")
    assert [code for code, _ in CONSIDERATION_CHOICES] == list(EXPECTED_CODES)


def test_considerations_are_immutable():
    with pytest.raises(AttributeError):
        CONSIDERATIONS[0].title = "Changed"  # type: ignore[misc]
    assert isinstance(CONSIDERATIONS[0], Consideration)


def test_the_not_a_checklist_warning_is_stated():
    assert "not a checklist" in GUIDANCE_NOT_A_CHECKLIST
    assert "score" in GUIDANCE_NOT_A_CHECKLIST
    assert "not a checklist" in policy.suitability.__doc__
