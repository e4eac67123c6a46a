"""Search keys for names: what an officer types finds the name however the family spells it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.names import name_search_text, name_words, query_words, search_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),  # a curly apostrophe, as word processors write it
        ("OBrien", "obrien"),
        ("obrien", "obrien"),
        ("o brien", "o brien"),
        ("Zoë", "zoe"),
        ("ZOE", "zoe"),
        ("Nuñez", "nunez"),
        ("Smith-Jones", "smithjones"),
        ("Smith\u2013Jones", "smithjones"),  # an en dash
        ("  Anne-Marie   St. John  ", "annemarie st john"),
        ("Strauß", "strauss"),
        ("Siobhán Ní Dhuibhir", "siobhan ni dhuibhir"),
        ("Łukasz", "łukasz"),  # no decomposition: kept as written, lower case
        ("", ""),
    ],
)
def test_search_key(typed, key):
    assert search_key(typed) == key


def test_name_words_split_double_barrelled_names_and_keep_them_whole_too():
    assert name_words("Smith-Jones") == ["smith", "jones", "smithjones"]
    assert name_words("van der Berg") == ["van", "der", "berg", "vanderberg"]
    assert name_words("O'Brien") == ["obrien"]
    assert name_words("Zoë") == ["zoe"]


def test_name_search_text_holds_each_word_once():
    text = name_search_text("Zoë", "Mary Anne", "Smith-Jones", "Zoe")
    assert text == "zoe mary anne maryanne smith jones smithjones"


def found(query: str, *names: str) -> bool:
    """What the selector does: every query word must be within the child's name words."""
    held = name_search_text(*names)
    return bool(query_words(query)) and all(word in held for word in query_words(query))


@pytest.mark.parametrize("query", ["O'Brien", "OBrien", "obrien", "o brien", "O BRIEN", "Brien"])
def test_every_way_of_typing_obrien_finds_obrien(query):
    assert found(query, "Aoife", "", "O'Brien", "")


@pytest.mark.parametrize("query", ["Smith", "Jones", "smith-jones", "Smith Jones", "SmithJones"])
def test_a_double_barrelled_surname_is_found_by_either_part_or_whole(query):
    assert found(query, "Tom", "", "Smith-Jones", "")


@pytest.mark.parametrize(("query", "name"), [("Zoe", "Zoë"), ("Zoë", "Zoe"), ("Nunez", "Nuñez")])
def test_accents_do_not_matter_either_way(query, name):
    assert found(query, name, "", "Example", "")


def test_preferred_and_middle_names_are_searched_and_other_names_are_not_found():
    names = ("Robert", "Seán Patrick", "Ó Súilleabháin", "Bobby")
    assert found("bobby osuilleabhain", *names)
    assert found("sean", *names)
    assert not found("Roberta", *names)
    assert not found("Smith", *names)


def test_punctuation_alone_finds_nothing():
    assert query_words("' - .") == []
    assert not found("'", "Robin", "", "O'Brien", "")


names = st.text(alphabet=st.characters(categories=("L", "M", "Zs", "Pd", "Po", "Nd")), max_size=40)


@given(names)
def test_search_key_is_stable_lower_case_and_singly_spaced(name):
    key = search_key(name)
    assert search_key(key) == key
    assert key == key.strip() and "  " not in key
    assert not any(char in key for char in "'-.,")


@given(st.lists(names, min_size=1, max_size=4))
def test_a_child_is_always_found_by_any_of_their_names_as_written(child_names):
    held = name_search_text(*child_names)
    for name in child_names:
        assert all(word in held for word in query_words(name))
