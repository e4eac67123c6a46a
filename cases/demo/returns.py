"""A handful of invented school returns, so the front door and the triage queue show every
path on a fresh demo: home education opened, a child missing education, a family considering
home education, a return that waits to be matched, a consent decision for a special school,
and a removal stopped because a school attendance order is in force.

They go through ``deletion_return_submit`` like any school's, each with a fixed idempotency
key, so loading the demo again adds none twice."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from policy.school_age import compulsory_school_age

from ..models import Child, Episode, School
from ..services import deletion_return_submit
from ..tasks import route_deletion_return
from .schools import demo_urn

NOTICE = b"%PDF-1.4\n% Invented demo notice: the parent will educate their child at home.\n"


@dataclass(frozen=True)
class DemoReturn:
    key: str
    school_index: int
    kind: str
    data: dict


def _parent(first: str, last: str, relationship: str = "mother") -> dict:
    return {
        "first_name": first,
        "last_name": last,
        "relationship": relationship,
        "address": "4 Fictional Row, Northbrook, ZZ7 2ZZ",
        "phone": "07700 900555",
    }


def _pupil(first: str, last: str, dob: date, **extra) -> dict:
    return {
        "pupil_first_name": first,
        "pupil_last_name": last,
        "date_of_birth": dob,
        "sex": extra.pop("sex", "F"),
        "upn": extra.pop("upn", ""),
        "address_line_1": "4 Fictional Row",
        "town": "Northbrook",
        "postcode": "ZZ7 2ZZ",
        "parents": [_parent("Dana", last)],
        **extra,
    }


def _born(today: date, years: int, month: int, day: int) -> date:
    """A birthday ``years`` before today's year: the demo builds on any date, and each pupil
    must be of compulsory school age when removed."""
    return date(today.year - years, month, day)


def demo_returns_submit(*, today: date) -> int:
    """Send the demo returns; returns how many were new."""
    deleted = today - timedelta(days=3)
    removal = {"destination_known": False, "deletion_date": deleted}
    returns = [
        DemoReturn(
            "demo-ehe",
            0,
            "deletion",
            _pupil(
                "Imogen",
                "Tarrant",
                _born(today, 13, 2, 11),
                ground="f",
                meeting_offered=True,
                meeting_held=True,
                school_suggested_ehe=False,
                safeguarding_file=False,
                parent_reason="Wants a more flexible timetable for her music",
                **removal,
            ),
        ),
        DemoReturn(
            "demo-cme",
            0,
            "deletion",
            _pupil("Oscar", "Penhallow", _born(today, 11, 9, 30), sex="M", ground="g", **removal),
        ),
        DemoReturn(
            "demo-considering",
            0,
            "considering_ehe",
            _pupil(
                "Freya",
                "Lund",
                _born(today, 14, 6, 4),
                meeting_offered=True,
                parent_reason="Unhappy about the move to secondary school",
            ),
        ),
    ]
    special = School.objects.filter(is_special=True).order_by("urn").first()
    if special is not None:
        returns.append(
            DemoReturn(
                "demo-consent",
                -1,
                "deletion",
                _pupil(
                    "Ellis",
                    "Varga",
                    _born(today, 12, 1, 20),
                    sex="M",
                    ground="f",
                    sen_status="ehcp",
                    placed_by_council=True,
                    meeting_offered=True,
                    meeting_held=False,
                    **removal,
                ),
            )
        )
    renamed = _renamed_child(on=deleted)
    if renamed is not None:
        returns.append(
            DemoReturn(
                "demo-match",
                0,
                "deletion",
                _pupil(
                    renamed.legal_first_name,
                    "Okafor-Reid",
                    renamed.date_of_birth,
                    sex=renamed.sex,
                    upn=renamed.upn,
                    ground="f",
                    **removal,
                ),
            )
        )
    under_order = _child_under_order(on=deleted)
    if under_order is not None:
        returns.append(
            DemoReturn(
                "demo-sao",
                0,
                "deletion",
                _pupil(
                    under_order.legal_first_name,
                    under_order.legal_last_name,
                    under_order.date_of_birth,
                    sex=under_order.sex,
                    upn=under_order.upn,
                    ground="f",
                    **removal,
                ),
            )
        )
    created = 0
    for demo in returns:
        school = (
            special
            if demo.school_index == -1
            else School.objects.get(urn=demo_urn(demo.school_index))
        )
        attachments = (
            [SimpleUploadedFile("notice.pdf", NOTICE, content_type="application/pdf")]
            if demo.data.get("ground") == "f"
            else []
        )
        receipt = deletion_return_submit(
            school=school,
            kind=demo.kind,
            data=dict(demo.data),
            attachments=attachments,
            by=None,
            idempotency_key=demo.key,
            channel="demo",
            today=today,
            enqueue_routing=route_deletion_return,
        )
        created += receipt.created
    return created


def _of_school_age(children, on: date) -> Child | None:
    # A school tells the council only about a pupil of compulsory school age on the day.
    for child in children:
        first_day, last_day = compulsory_school_age(child.date_of_birth)
        if first_day <= on <= last_day:
            return child
    return None


def _renamed_child(*, on: date) -> Child | None:
    """A child the council holds whose family has since changed surname: the school's UPN
    matches but the name does not, so a person must decide (the match is never guessed)."""
    return _of_school_age(
        Child.objects.exclude(upn="").exclude(episodes__kind="ehe").order_by("id")[:200], on
    )


def _child_under_order(*, on: date) -> Child | None:
    episodes = (
        Episode.objects.filter(kind="ehe", status="sao_process", formal_steps__kind="sao_served")
        .select_related("child")
        .order_by("id")[:50]
    )
    return _of_school_age((episode.child for episode in episodes), on)
