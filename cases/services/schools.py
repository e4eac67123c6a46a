"""Writes to the schools list, which comes from Get Information about Schools (GIAS).

Schools are reference data, not children's records, so no audit entries are written; each
load is attributed in the application log instead. Rows are keyed by URN: loading the same
extract again changes nothing, and a newer extract updates schools in place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from django.db import transaction

from ehe.models import User
from policy.gias import school_type_for

from ..models import School
from .errors import ServiceError

logger = logging.getLogger(__name__)

# Stay under SQLite's limit on query parameters when looking schools up by URN.
_CHUNK = 500


@dataclass(frozen=True)
class SchoolData:
    """Everything the service holds about a school, as GIAS gives it."""

    urn: str
    name: str
    establishment_type: str
    phase: str
    la_code: str
    is_open: bool

    def model_values(self) -> dict:
        kind = school_type_for(self.establishment_type)
        return {
            "name": self.name,
            "establishment_type": self.establishment_type,
            "school_type": kind.previous_school_type,
            "phase": self.phase,
            "la_code": self.la_code,
            "is_open": self.is_open,
            "is_special": kind.is_special,
        }


_MODEL_FIELDS = [
    "name",
    "establishment_type",
    "school_type",
    "phase",
    "la_code",
    "is_open",
    "is_special",
]


@dataclass(frozen=True)
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _check(school: SchoolData) -> None:
    errors = {}
    if not (len(school.urn) == 6 and school.urn.isdigit()):
        errors["urn"] = "A URN is 6 digits"
    if not school.name.strip():
        errors["name"] = "Enter the school's name"
    for name, limit in (("name", 200), ("establishment_type", 120), ("phase", 60)):
        if len(getattr(school, name)) > limit:
            errors[name] = f"At most {limit} characters"
    if school.la_code and not (len(school.la_code) == 3 and school.la_code.isdigit()):
        errors["la_code"] = "A local authority code is 3 digits"
    if errors:
        raise ServiceError(errors)


def _by_urn(urns: Sequence[str]) -> dict[str, School]:
    found: dict[str, School] = {}
    for i in range(0, len(urns), _CHUNK):
        for school in School.objects.filter(urn__in=urns[i : i + _CHUNK]):
            found[school.urn] = school
    return found


@transaction.atomic
def schools_upsert(*, by: User | None, schools: Iterable[SchoolData], channel: str) -> UpsertCounts:
    """Create or update each school by URN, in bulk. All or nothing: one bad school raises
    ``ServiceError`` (keyed "urn <URN>: field") and nothing is saved."""
    schools = list(schools)
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for school in schools:
        try:
            _check(school)
        except ServiceError as exc:
            errors.update({f"urn {school.urn}: {k}": v for k, v in exc.errors.items()})
        if school.urn in seen:
            errors[f"urn {school.urn}"] = "This URN is given more than once"
        seen.add(school.urn)
    if errors:
        raise ServiceError(errors)

    held = _by_urn([s.urn for s in schools])
    to_create: list[School] = []
    to_update: list[School] = []
    for school in schools:
        values = school.model_values()
        existing = held.get(school.urn)
        if existing is None:
            to_create.append(School(urn=school.urn, **values))
            continue
        if any(getattr(existing, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(existing, name, value)
            to_update.append(existing)
    School.objects.bulk_create(to_create, batch_size=_CHUNK)
    School.objects.bulk_update(to_update, _MODEL_FIELDS, batch_size=_CHUNK)
    counts = UpsertCounts(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(schools) - len(to_create) - len(to_update),
    )
    logger.info(
        "schools loaded by user %s: %d created, %d updated, %d unchanged",
        getattr(by, "pk", None),
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    return counts


def school_upsert(*, by: User | None, channel: str, **values) -> tuple[School, bool]:
    """Create or update one school by URN; returns the school and whether it was created.

    Takes the fields of ``SchoolData`` as keywords.
    """
    unknown = set(values) - {f.name for f in fields(SchoolData)}
    if unknown:
        raise TypeError(f"Unknown school fields: {sorted(unknown)}")
    data = SchoolData(**values)
    counts = schools_upsert(by=by, schools=[data], channel=channel)
    return School.objects.get(urn=data.urn), counts.created == 1
