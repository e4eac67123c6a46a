"""An England-scale invented dataset, written in bulk straight to the tables.

Scale 1.0 ≈ England in autumn 2025: 126,000 open EHE cases and 38,000 open CME cases, plus
250,000 closed historical episodes, 3 contacts per open EHE case and a judgement for each
case at `suitable`. Everything is invented; names are sequence numbers.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from cases.models import Child, Contact, Episode, EpisodeEvent, Judgement
from ehe.models import User
from ehe.roles import Role
from ehe.services import user_create

BATCH = 5000
EHE_OPEN_STATES = [
    ("new", 4),
    ("informal_enquiry", 20),
    ("suitable", 60),
    ("information_requested", 10),
    ("panel", 2),
    ("s437_notice", 2),
    ("sao_process", 1),
    ("returning_to_school", 1),
]


def _pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def officers(count: int) -> list[User]:
    existing = list(User.objects.filter(username__startswith="bench-officer").order_by("id"))
    for n in range(len(existing), count):
        existing.append(
            user_create(
                username=f"bench-officer{n}", password="bench-password-unused", roles=[Role.OFFICER]
            )
        )
    return existing


@transaction.atomic
def build(*, scale: float, today: date, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    staff = officers(max(10, int(150 * scale)))
    # A skewed caseload: the first officer carries the heaviest load in the country.
    weights = [1.0 / (i + 1) for i in range(len(staff))]
    n_ehe = int(126_000 * scale)
    n_cme = int(38_000 * scale)
    n_closed = int(250_000 * scale)
    total_children = n_ehe + n_cme + n_closed // 2
    children = [
        Child(
            legal_first_name=f"First{i}",
            legal_last_name=f"Last{i % 9973}",
            date_of_birth=today - timedelta(days=rng.randint(5 * 365 + 120, 16 * 365)),
            sex=rng.choice("FMU"),
        )
        for i in range(total_children)
    ]
    Child.objects.bulk_create(children, batch_size=BATCH)
    child_ids = list(Child.objects.order_by("id").values_list("id", flat=True))

    episodes = []
    for i in range(n_ehe):
        status = _pick(rng, EHE_OPEN_STATES)
        start = today - timedelta(days=rng.randint(1, 6 * 365))
        episodes.append(
            Episode(
                child_id=child_ids[i],
                kind="ehe",
                status=status,
                start_date=start,
                allocated_officer=rng.choices(staff, weights=weights)[0],
                primary_reason="mental_health",
                source="school_deletion_return",
                next_due_on=start + timedelta(days=rng.randint(10, 400)),
                next_due_kind="next_contact",
            )
        )
    for i in range(n_cme):
        episodes.append(
            Episode(
                child_id=child_ids[n_ehe + i],
                kind="cme",
                status=rng.choice(["referred", "enquiries"]),
                start_date=today - timedelta(days=rng.randint(1, 700)),
                allocated_officer=rng.choices(staff, weights=weights)[0],
                primary_reason="not_recorded",
                source="school",
            )
        )
    for i in range(n_closed):
        start = today - timedelta(days=rng.randint(400, 3000))
        episodes.append(
            Episode(
                child_id=child_ids[n_ehe + n_cme + (i // 2)] if i % 2 else child_ids[i % n_ehe],
                kind="ehe" if i % 2 else "cme",
                status="closed",
                start_date=start,
                end_date=start + timedelta(days=rng.randint(30, 380)),
                closure_reason="other",
                primary_reason="unknown",
                source="other",
            )
        )
    Episode.objects.bulk_create(episodes, batch_size=BATCH)

    open_ehe = list(
        Episode.objects.filter(kind="ehe")
        .exclude(status="closed")
        .values_list("id", "start_date", "allocated_officer_id", "status")
    )
    contacts, judgements, events = [], [], []
    for episode_id, start, officer_id, status in open_ehe:
        events.append(
            EpisodeEvent(episode_id=episode_id, occurred_on=start, action="opened", to_status="new")
        )
        for k in range(3):
            contacts.append(
                Contact(
                    episode_id=episode_id,
                    contact_type=rng.choice(
                        ["home_visit", "written_report", "phone", "virtual_visit"]
                    ),
                    occurred_on=start + timedelta(days=30 * (k + 1)),
                    officer_id=officer_id,
                    outcome="completed",
                )
            )
        if status == "suitable":
            judgements.append(
                Judgement(
                    episode_id=episode_id,
                    decided_on=start + timedelta(days=95),
                    outcome="appears_suitable",
                    decided_by_id=officer_id,
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Judgement.objects.bulk_create(judgements, batch_size=BATCH)
    EpisodeEvent.objects.bulk_create(events, batch_size=BATCH)
    return {
        "children": total_children,
        "episodes": len(episodes),
        "contacts": len(contacts),
        "judgements": len(judgements),
        "officers": len(staff),
    }


def long_history_child(*, today: date, items: int = 600) -> Child:
    """One child whose record has a very long history, for the child page."""
    officer = officers(1)[0]
    child = Child.objects.create(
        legal_first_name="Long",
        legal_last_name="History",
        date_of_birth=today - timedelta(days=12 * 365),
    )
    episode = Episode.objects.create(
        child=child,
        kind="ehe",
        status="suitable",
        start_date=today - timedelta(days=items),
        source="parent",
        allocated_officer=officer,
    )
    Contact.objects.bulk_create(
        [
            Contact(
                episode=episode,
                contact_type="phone",
                occurred_on=episode.start_date + timedelta(days=i),
                officer=officer,
                outcome="completed",
            )
            for i in range(items)
        ]
    )
    EpisodeEvent.objects.bulk_create(
        [
            EpisodeEvent(
                episode=episode,
                occurred_on=episode.start_date + timedelta(days=i),
                action="allocated",
                by=officer,
            )
            for i in range(items // 3)
        ]
    )
    return child
