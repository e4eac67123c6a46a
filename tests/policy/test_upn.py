"""Unique pupil numbers: the stored form, the check letter and the local authority number."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.upn import LA_NUMBERS, is_valid_upn, normalise_upn, upn_check_letter, upn_error


def upn(body: str) -> str:
    return upn_check_letter(body) + body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("B801200005001", "B801200005001"),
        (" b801200005001 ", "B801200005001"),
        ("B801 2000 05 001", "B801200005001"),
        ("b 801\t200005001\n", "B801200005001"),
        ("", ""),
    ],
)
def test_normalise_upn_removes_spaces_and_capitalises(typed, stored):
    assert normalise_upn(typed) == stored


def test_the_guidance_example_is_valid_and_a_wrong_check_letter_is_not():
    assert upn_error("B801200005001") is None
    assert (
        upn_error("A801200005001") == "The UPN's check letter does not match the rest of the number"
    )


def test_a_temporary_upn_is_valid():
    assert is_valid_upn(upn("80120000101A"))


@pytest.mark.parametrize(
    "la", ["001", "005", "201", "420", "660", "681", "801", "838", "873", "938", "941", "943"]
)
def test_recognised_local_authority_numbers_are_accepted(la):
    assert upn_error(upn(f"{la}200001001")) is None


@pytest.mark.parametrize("la", ["000", "006", "214", "600", "804", "897", "939", "944", "999"])
def test_an_unrecognised_local_authority_number_is_refused_with_that_reason(la):
    assert upn_error(upn(f"{la}200001001")) == (
        f"The UPN's local authority number ({la}, characters 2 to 4) is not one that DfE recognises"
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("B80120000500", "A UPN has 13 characters"),
        ("I801200005001", "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"),
        ("B80120000500S", "A UPN is a letter, 11 digits, then a digit or letter (no I, O or S)"),
    ],
)
def test_shape_problems_are_named(value, reason):
    assert upn_error(value) == reason


def test_the_list_holds_three_digit_numbers_only():
    assert all(len(la) == 3 and la.isdigit() for la in LA_NUMBERS)
    assert len(LA_NUMBERS) > 150


@given(st.sampled_from(sorted(LA_NUMBERS)), st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_any_body_with_a_recognised_number_and_its_check_letter_is_valid(la, rest):
    assert is_valid_upn(upn(la + rest))


@given(st.from_regex(r"[0-9]{3}", fullmatch=True), st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_the_local_authority_number_decides_validity_once_the_check_letter_is_right(la, rest):
    assert is_valid_upn(upn(la + rest)) == (la in LA_NUMBERS)


@given(st.text(max_size=30))
def test_normalising_twice_changes_nothing(text):
    once = normalise_upn(text)
    assert normalise_upn(once) == once
    assert not any(char.isspace() for char in once)
