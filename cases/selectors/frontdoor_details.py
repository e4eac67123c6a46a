"""Where what a school sent about a pupil differs from the record of the child it is matched
to: the name's spelling, the address, and each parent or carer (name, address, phone). The
officer is offered each difference, one choice each (cases.services.frontdoor.details)."""

import hashlib
import re
from dataclasses import dataclass

from policy.frontdoor import normalise_postcode, same_phone
from policy.vocab import RELATIONSHIPS

from ..models import Child, ChildAddress, DeletionReturn, Person

NAME = "name"
ADDRESS = "address"
PARENT_NEW = "parent_new"
PARENT_NAME = "parent_name"
PARENT_ADDRESS = "parent_address"
PARENT_PHONE = "parent_phone"

NOT_RECORDED = "Not on the child's record"


@dataclass(frozen=True)
class Difference:
    """One thing the school sent that the record does not hold. ``key`` names the choice in
    a form; it changes if either side changes, so a choice made on a page that has since gone
    stale cannot be applied to something the officer did not see."""

    key: str
    what: str
    label: str
    school: str
    record: str
    parent_index: int | None = None
    person: Person | None = None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[,.;]", " ", text or "").lower().split())


def _one_line(*parts: str) -> str:
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _key(what: str, *parts) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in (what, *parts)).encode()).hexdigest()
    return f"{what}-{digest[:12]}"


def pupil_full_name(r: DeletionReturn) -> str:
    return " ".join(
        p.strip()
        for p in (r.pupil_first_name, r.pupil_middle_names, r.pupil_last_name)
        if p.strip()
    )


def _person_name(person: Person) -> str:
    # Without the title: a school gives names, not titles.
    return " ".join(p for p in (person.first_name, person.last_name) if p)


def _name_differs(r: DeletionReturn, child: Child) -> bool:
    # Case and spacing are how a school's system prints a name, not a different spelling;
    # middle names the school left out are not a difference.
    if _words(r.pupil_first_name) != _words(child.legal_first_name):
        return True
    if _words(r.pupil_last_name) != _words(child.legal_last_name):
        return True
    return bool(r.pupil_middle_names.strip()) and _words(r.pupil_middle_names) != _words(
        child.legal_middle_names
    )


def _address_differs(r: DeletionReturn, current: ChildAddress | None) -> bool:
    if current is None:
        return True
    same_line = _words(current.line_1) == _words(r.address_line_1)
    same_postcode = (normalise_postcode(current.postcode) or current.postcode.upper()) == (
        normalise_postcode(r.postcode) or r.postcode.upper()
    )
    return not (same_line and same_postcode)


def details_differences(r: DeletionReturn, child: Child) -> list[Difference]:
    """Each difference between the return and ``child``'s record, in the order the school's
    form asks for them. Two queries whatever the record holds."""
    differences = []
    if _name_differs(r, child):
        school = pupil_full_name(r)
        differences.append(
            Difference(_key(NAME, school, child.legal_name), NAME, "Name", school, child.legal_name)
        )
    current = (
        ChildAddress.objects.filter(child=child, valid_to__isnull=True)
        .order_by("-valid_from", "-id")
        .first()
    )
    if _address_differs(r, current):
        school = _one_line(r.address_line_1, r.address_line_2, r.town, r.postcode)
        record = current.one_line() if current else ""
        differences.append(
            Difference(
                _key(ADDRESS, school, record), ADDRESS, "Address", school, record or NOT_RECORDED
            )
        )
    links = list(child.relationships.select_related("person").order_by("id"))
    used: set[int] = set()
    for index, parent in enumerate(r.parents or []):
        differences += _parent_differences(index, parent, links, used)
    return differences


def _find_person(parent: dict, links: list, used: set[int]) -> Person | None:
    first, last = _words(parent.get("first_name", "")), _words(parent.get("last_name", ""))
    relationship = (parent.get("relationship") or "").strip()
    free = [link for link in links if link.person_id not in used]
    for link in free:
        if _words(link.person.first_name) == first and _words(link.person.last_name) == last:
            return link.person
    # The same relationship and surname: probably the same person, spelled another way.
    for link in free:
        if link.relationship == relationship and _words(link.person.last_name) == last:
            return link.person
    return None


def _parent_differences(index: int, parent: dict, links: list, used: set[int]) -> list[Difference]:
    name = _one_line(parent.get("first_name", ""), parent.get("last_name", "")).replace(", ", " ")
    relationship = RELATIONSHIPS.by_code.get(parent.get("relationship", ""), "Parent or carer")
    address = (parent.get("address") or "").strip()
    phone = (parent.get("phone") or "").strip()
    person = _find_person(parent, links, used)
    if person is None:
        school = _one_line(
            f"{name} ({relationship.lower()})", address, f"telephone {phone}" if phone else ""
        )
        return [
            Difference(
                _key(PARENT_NEW, index, school),
                PARENT_NEW,
                f"{relationship}: {name}",
                school,
                NOT_RECORDED,
                parent_index=index,
            )
        ]
    used.add(person.pk)
    found = []
    known_as = _person_name(person)
    if _words(known_as) != _words(name):
        found.append(
            Difference(
                _key(PARENT_NAME, index, person.uid, name, known_as),
                PARENT_NAME,
                f"{relationship}'s name",
                name,
                known_as,
                index,
                person,
            )
        )
    record_address = person.address_one_line()
    if address and _words(record_address) != _words(address):
        found.append(
            Difference(
                _key(PARENT_ADDRESS, index, person.uid, address, record_address),
                PARENT_ADDRESS,
                f"{known_as}'s address",
                address,
                record_address or NOT_RECORDED,
                index,
                person,
            )
        )
    if phone and not same_phone(phone, person.phone):
        found.append(
            Difference(
                _key(PARENT_PHONE, index, person.uid, phone, person.phone),
                PARENT_PHONE,
                f"{known_as}'s telephone",
                phone,
                person.phone or NOT_RECORDED,
                index,
                person,
            )
        )
    return found
