"""Writes to children, their dated histories, and the people around them."""

from datetime import date

from django.db import transaction

from ehe.models import User
from policy.upn import normalise_upn, upn_error
from policy.vocab import CSC_STATUS, RELATIONSHIPS, SEN_STATUS, SEX

from ..models import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Person,
    Relationship,
)
from .audit import audit_change
from .due import refresh_due_dates
from .errors import ServiceError, StaleEdit

CHILD_EDITABLE = {
    "legal_first_name",
    "legal_middle_names",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "upn",
    "ethnicity",
    "languages",
    "gypsy_roma_traveller",
    "year_group_override",
    "hours_educated_by_parents",
    "hours_educated_by_others",
}
PERSON_EDITABLE = {
    "title",
    "first_name",
    "last_name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact_method",
    "interpreter_needed",
    "interpreter_language",
}


def _check_child_fields(fields: dict, *, exclude_pk: int | None = None) -> None:
    """Refuses bad fields, every one at once. Normalises the UPN in ``fields`` first (every
    path, web, API, import or job, arrives here), so "a801 2000 01001" is stored as
    "A801200001001" and compared as that."""
    if "upn" in fields:
        fields["upn"] = normalise_upn(fields["upn"])
    errors = {}
    for name in ("legal_first_name", "legal_last_name"):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = "Enter the child's legal " + name.split("_")[1] + " name"
    if "sex" in fields and fields["sex"] not in SEX:
        errors["sex"] = "Sex must be F, M or U"
    upn = fields.get("upn") or ""
    if upn:
        problem = upn_error(upn)
        if problem:
            errors["upn"] = problem
        elif Child.objects.filter(upn=upn).exclude(pk=exclude_pk).exists():
            errors["upn"] = "Another child already has this UPN"
    if errors:
        raise ServiceError(errors)


def _close_current(model, child: Child, on: date) -> None:
    current = model.objects.filter(child=child, valid_to__isnull=True).first()
    if current is None:
        return
    if on < current.valid_from:
        raise ServiceError({"valid_from": "The new value must start after the current one"})
    if on == current.valid_from:
        current.delete()
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to"])


@transaction.atomic
def child_create(
    *,
    by: User | None,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: date,
    sex: str = "U",
    known_from: date,
    address: dict | None = None,
    sen_status: str = "none",
    csc_status: str = "none",
    channel: str,
    **other,
) -> Child:
    unknown = set(other) - CHILD_EDITABLE
    if unknown:
        raise TypeError(f"Unknown child fields: {sorted(unknown)}")
    fields = dict(
        legal_first_name=legal_first_name.strip(),
        legal_last_name=legal_last_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        **other,
    )
    _check_child_fields(fields)
    child = Child(**fields)
    child.set_name_search()
    child.save()
    if address:
        ChildAddress.objects.create(child=child, valid_from=known_from, **address)
    _status_set(ChildSENStatus, child, sen_status, known_from, SEN_STATUS)
    _status_set(ChildCSCStatus, child, csc_status, known_from, CSC_STATUS)
    audit_change(by=by, action="create", obj=child, child_id=child.pk, channel=channel)
    return child


@transaction.atomic
def child_update(
    *, by: User | None, child: Child, expected_version: int, channel: str, **fields
) -> Child:
    unknown = set(fields) - CHILD_EDITABLE
    if unknown:
        raise TypeError(f"Unknown child fields: {sorted(unknown)}")
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if locked.version != expected_version:
        raise StaleEdit("child's record")
    fields = dict(fields)
    _check_child_fields(fields, exclude_pk=child.pk)
    changed = sorted(k for k, v in fields.items() if getattr(locked, k) != v)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.set_name_search()
    locked.version += 1
    locked.save()
    audit_change(
        by=by,
        action="update",
        obj=locked,
        child_id=locked.pk,
        channel=channel,
        detail="changed: " + ", ".join(changed),
    )
    return locked


def _status_set(model, child: Child, status: str, on: date, vocabulary) -> None:
    if status not in vocabulary:
        raise ServiceError({"status": f"Choose one of: {', '.join(vocabulary.labels)}"})
    current = model.objects.filter(child=child, valid_to__isnull=True).first()
    if current is not None and current.status == status:
        return
    _close_current(model, child, on)
    model.objects.create(child=child, status=status, valid_from=on)


def _refresh_childs_due_dates(child: Child, today: date) -> None:
    # SEN and social care statuses set the risk tiers that shorten the interval to the next
    # contact (policy.due): the child's due dates move now, not at the nightly run.
    open_ids = list(child.episodes.exclude(status="closed").values_list("pk", flat=True))
    if open_ids:
        refresh_due_dates(today=today, episode_ids=open_ids)


@transaction.atomic
def child_sen_status_set(
    *, by: User | None, child: Child, status: str, valid_from: date, today: date, channel: str
) -> None:
    _status_set(ChildSENStatus, child, status, valid_from, SEN_STATUS)
    audit_change(
        by=by, action="update", obj=child, child_id=child.pk, detail="SEN status", channel=channel
    )
    _refresh_childs_due_dates(child, today)


@transaction.atomic
def child_csc_status_set(
    *, by: User | None, child: Child, status: str, valid_from: date, today: date, channel: str
) -> None:
    _status_set(ChildCSCStatus, child, status, valid_from, CSC_STATUS)
    audit_change(
        by=by, action="update", obj=child, child_id=child.pk, detail="CSC status", channel=channel
    )
    _refresh_childs_due_dates(child, today)


@transaction.atomic
def child_address_set(
    *,
    by: User | None,
    child: Child,
    valid_from: date,
    line_1: str,
    postcode: str,
    line_2: str = "",
    town: str = "",
    in_area: bool = True,
    channel: str,
) -> ChildAddress:
    errors = {}
    if not line_1.strip():
        errors["line_1"] = "Enter the first line of the address"
    if not postcode.strip():
        errors["postcode"] = "Enter the postcode"
    if errors:
        raise ServiceError(errors)
    _close_current(ChildAddress, child, valid_from)
    address = ChildAddress.objects.create(
        child=child,
        valid_from=valid_from,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=postcode.strip().upper(),
        in_area=in_area,
    )
    audit_change(
        by=by, action="update", obj=child, child_id=child.pk, detail="address", channel=channel
    )
    return address


def _check_person(fields: dict) -> None:
    errors = {}
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = f"Enter the person's {label}"
    if fields.get("interpreter_needed") and not str(fields.get("interpreter_language", "")).strip():
        errors["interpreter_language"] = "Enter the language the interpreter is needed for"
    if errors:
        raise ServiceError(errors)


@transaction.atomic
def person_add_to_child(
    *,
    by: User | None,
    child: Child,
    relationship: str,
    parental_responsibility: bool = True,
    lives_with: bool = True,
    receives_correspondence: bool = True,
    provides_education: bool = False,
    person: Person | None = None,
    channel: str,
    **person_fields,
) -> Relationship:
    """Link an existing person, or create one from ``person_fields``, to a child."""
    if relationship not in RELATIONSHIPS:
        raise ServiceError({"relationship": "Choose how this person is related to the child"})
    if person is None:
        unknown = set(person_fields) - PERSON_EDITABLE
        if unknown:
            raise TypeError(f"Unknown person fields: {sorted(unknown)}")
        _check_person({"first_name": "", "last_name": "", **person_fields})
        person = Person.objects.create(**person_fields)
        audit_change(by=by, action="create", obj=person, child_id=child.pk, channel=channel)
    if Relationship.objects.filter(person=person, child=child).exists():
        raise ServiceError({"person": "This person is already linked to the child"})
    link = Relationship.objects.create(
        person=person,
        child=child,
        relationship=relationship,
        parental_responsibility=parental_responsibility,
        lives_with=lives_with,
        receives_correspondence=receives_correspondence,
        provides_education=provides_education,
    )
    audit_change(
        by=by,
        action="update",
        obj=child,
        child_id=child.pk,
        detail="person linked",
        channel=channel,
    )
    return link


@transaction.atomic
def person_update(
    *, by: User | None, person: Person, expected_version: int, channel: str, **fields
) -> Person:
    unknown = set(fields) - PERSON_EDITABLE
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        raise StaleEdit("person's details")
    merged = {k: getattr(locked, k) for k in PERSON_EDITABLE} | fields
    _check_person(merged)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.version += 1
    locked.save()
    for child_id in locked.relationships.values_list("child_id", flat=True):
        audit_change(by=by, action="update", obj=locked, child_id=child_id, channel=channel)
    return locked


@transaction.atomic
def relationship_update(
    *, by: User | None, link: Relationship, channel: str, **flags
) -> Relationship:
    allowed = {
        "relationship",
        "parental_responsibility",
        "lives_with",
        "receives_correspondence",
        "provides_education",
    }
    unknown = set(flags) - allowed
    if unknown:
        raise TypeError(f"Unknown relationship fields: {sorted(unknown)}")
    if "relationship" in flags and flags["relationship"] not in RELATIONSHIPS:
        raise ServiceError({"relationship": "Choose how this person is related to the child"})
    for key, value in flags.items():
        setattr(link, key, value)
    link.save()
    audit_change(
        by=by,
        action="update",
        obj=link.child,
        child_id=link.child_id,
        detail="relationship",
        channel=channel,
    )
    return link
