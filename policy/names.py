"""How names are compared when an officer searches for a child.

Families spell names one way and officers type them another: O'Brien as "OBrien" or "o brien",
Zoë as "Zoe", Nuñez as "Nunez", and a double-barrelled surname such as Smith-Jones by either
half. So a search never compares the names as written: both sides are reduced to search keys,
and the child record keeps the keys of all its names in one indexed column
(``Child.name_search``), so that a search is a plain ``LIKE`` on one column in SQLite and
PostgreSQL alike, with no per-row work.
"""

import re
import unicodedata

# Marks inside a name that join its letters: O'Brien is one word, "obrien".
_APOSTROPHES = "'\u2018\u2019\u02bc\u02bb`\u00b4"
# Marks that separate the parts of a name: Smith-Jones is "smith" and "jones".
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _without_apostrophes(text: str) -> str:
    return "".join(char for char in text if char not in _APOSTROPHES)


def _plain_letters(text: str) -> str:
    """Casefolded, without accents or apostrophes: "Zoë O'Neill" becomes "zoe oneill". NFKD
    splits a letter from its accent, which is then a combining mark and is dropped; ß
    casefolds to "ss". Casefolding again after decomposing is Unicode's "compatibility
    caseless matching" (some characters decompose into capitals). Apostrophes go before
    decomposing (it would turn an acute accent used as one into a space) and after (a few
    letters decompose into one)."""
    text = _without_apostrophes(text.casefold())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return _without_apostrophes(
        "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def _letters_and_spaces(text: str, *, hyphens_split: bool) -> str:
    kept = []
    for char in _plain_letters(text):
        if char.isalnum():
            kept.append(char)
        elif char.isspace() or (hyphens_split and char in _HYPHENS):
            kept.append(" ")
        elif unicodedata.category(char).startswith(("P", "S")):
            continue  # other punctuation and symbols: full stops, commas, brackets
        else:
            kept.append(" ")
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def search_key(text: str) -> str:
    """``text`` as it is compared in a search: casefolded, without accents, apostrophes,
    hyphens or other punctuation, and with single spaces between words.

    >>> search_key("  Zoë  O'Brien-Nuñez ")
    'zoe obriennunez'
    """
    return _letters_and_spaces(text or "", hyphens_split=False)


def name_words(name: str) -> list[str]:
    """The words a searcher might type for one name: each part (split at spaces and
    hyphens) as a search key, and, for a name of several parts, all of them run together.

    >>> name_words("Smith-Jones")
    ['smith', 'jones', 'smithjones']
    >>> name_words("O'Brien")
    ['obrien']
    """
    words = _letters_and_spaces(name or "", hyphens_split=True).split()
    if len(words) > 1:
        words.append("".join(words))
    return words


def name_search_text(*names: str) -> str:
    """What ``Child.name_search`` holds: the words of every name given (legal first, middle
    and last names, preferred name), each once, separated by spaces."""
    seen: dict[str, None] = {}
    for name in names:
        for word in name_words(name):
            seen.setdefault(word, None)
    return " ".join(seen)


def query_words(query: str) -> list[str]:
    """The words of a search, each of which must appear within the child's name words.

    Apostrophes and hyphens are dropped rather than split at, so "O'Brien" looks for
    "obrien" and "Smith-Jones" for "smithjones"; both are held for such names. Typing the
    parts apart ("o brien", "smith jones") finds them too, since every part of a name word is
    within it.
    """
    return search_key(query).split()
