"""An invented borough for the browser tests that visit every page: staff of each role, a
dozen children whose cases are in every common state with a little history, a school return
waiting to be matched and a consent decision waiting for a manager. Everyone is invented:
ZZ postcodes, 07700 900xxx phone numbers, example.invalid addresses.

Dates are drawn back from ``today`` (the live server runs on the real clock), so the world
looks the same whatever day the tests run.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from cases.models import CaseworkSettings, Child, Episode, InformationRequest, SchoolMembership
from cases.services import (
    child_address_set,
    child_create,
    contact_record,
    episode_open,
    information_request_create,
    judgement_record,
    person_add_to_child,
)
from ehe.roles import Role
from tests.cases.factories import SchoolFactory
from tests.cases.returns_helpers import submit

PASSWORD = "a-long-e2e-password"


@dataclass
class World:
    today: date
    child: Child  # the child page and most casework forms are hers
    ehe: Episode  # her home education case, in informal enquiry with a history
    request: InformationRequest  # waiting for a reply
    person_uid: str
    suitable: Episode  # a Year 11 child's case that appears suitable
    cme: Episode
    involvement: Episode
    waiting_return_uid: str  # a school's return waiting to be matched to a child
    consent_id: int
    school_return_uid: str  # one of the school user's own returns
    panel: Episode  # judged not to appear suitable after the reply date: at the panel

    def child_url(self, name: str, *args) -> str:
        return reverse(name, args=[self.child.uid, *args])

    def case_url(self, name: str, episode: Episode | None = None, *args) -> str:
        episode = episode or self.ehe
        return reverse(name, args=[episode.child.uid, episode.uid, *args])


def born(today: date, age: int, month: int = 5, day: int = 17) -> date:
    """A birthday that makes the child ``age`` on ``today``'s 1 September school year."""
    school_year = today.year if today.month >= 9 else today.year - 1
    return date(school_year - age, month, day)


def build_world(make_user, today: date) -> World:
    def user(role, username, first, last):
        made = make_user(role, username=username, password=PASSWORD)
        made.first_name, made.last_name = first, last
        made.save()
        return made

    officer = user(Role.OFFICER, "e2e-officer", "Jordan", "Hale")
    user(Role.MANAGER, "e2e-manager", "Morgan", "Ashby")
    user(Role.OFFICER, "e2e-officer2", "Riley", "Carver")
    user(Role.ANALYST, "e2e-analyst", "Devon", "Price")
    user(Role.ADMINISTRATOR, "e2e-admin", "Alex", "Marsh")
    school_user = user(Role.SCHOOL, "e2e-school", "Dana", "Whitfield")
    CaseworkSettings.current()

    def child(first, last, age, *, middle="", preferred="", sex="F", street="Imaginary Lane"):
        record = child_create(
            by=officer,
            legal_first_name=first,
            legal_middle_names=middle,
            legal_last_name=last,
            preferred_name=preferred,
            date_of_birth=born(today, age),
            sex=sex,
            known_from=today - timedelta(days=400),
            channel="web",
        )
        child_address_set(
            by=officer,
            child=record,
            valid_from=today - timedelta(days=400),
            line_1=f"{len(last) + age} {street}",
            town="Northbrook",
            postcode="ZZ1 1ZZ",
            channel="web",
        )
        return record

    def case(record, kind="ehe", *, days_ago, **fields):
        return episode_open(
            by=officer,
            child=record,
            kind=kind,
            start_date=today - timedelta(days=days_ago),
            source=fields.pop("source", "parent"),
            allocated_officer=fields.pop("officer", officer),
            today=today,
            **fields,
            channel="web",
        )

    # The child whose page the tests open: a case in informal enquiry with some history.
    aoife = child("Aoife", "O'Brien", 10, middle="Niamh")
    ehe = case(aoife, days_ago=60, primary_reason="philosophical_or_preferential")
    contact_record(
        by=officer,
        episode=ehe,
        contact_type="initial_contact",
        occurred_on=today - timedelta(days=50),
        outcome="completed",
        present="Mother",
        today=today,
        channel="web",
    )
    contact_record(
        by=officer,
        episode=ehe,
        contact_type="home_visit",
        occurred_on=today - timedelta(days=30),
        outcome="visit_declined",
        notes="The family would rather send a written report; a virtual visit was offered too.",
        today=today,
        channel="web",
    )
    request = information_request_create(
        by=officer,
        episode=ehe,
        requested_on=today - timedelta(days=20),
        what_would_help="A sample of recent writing and a note on how maths is taught.",
        today=today,
        channel="web",
    )
    link = person_add_to_child(
        by=officer,
        child=aoife,
        relationship="mother",
        first_name="Siobhán",
        last_name="O'Brien",
        phone="07700 900111",
        email="siobhan@example.invalid",
        preferred_contact_method="written_report",
        channel="web",
    )

    # A Year 11 child whose education appears suitable.
    tom = child("Tom", "Smith-Jones", 15, sex="M", street="Pretend Road")
    suitable = case(tom, days_ago=300)
    contact_record(
        by=officer,
        episode=suitable,
        contact_type="written_report",
        occurred_on=today - timedelta(days=200),
        outcome="information_received",
        today=today,
        channel="web",
    )
    judgement_record(
        by=officer,
        episode=suitable,
        decided_on=today - timedelta(days=190),
        outcome="appears_suitable",
        reasons="A broad programme, with GCSE courses in English and maths.",
        today=today,
        channel="web",
    )

    # A case taken to the panel: asked for more, the reply date passed, judged unsuitable.
    panel = case(child("Rowan", "Hypothetical", 9), days_ago=150)
    contact_record(
        by=officer,
        episode=panel,
        contact_type="initial_contact",
        occurred_on=today - timedelta(days=140),
        outcome="completed",
        today=today,
        channel="web",
    )
    judgement_record(
        by=officer,
        episode=panel,
        decided_on=today - timedelta(days=60),
        outcome="not_yet_satisfied",
        reasons="The report describes one week only.",
        what_would_help="A term's plan and samples of work.",
        today=today,
        channel="web",
    )
    judgement_record(
        by=officer,
        episode=panel,
        decided_on=today - timedelta(days=10),
        outcome="does_not_appear_suitable",
        reasons="Nothing further was received; no evidence of a full-time education.",
        today=today,
        channel="web",
    )

    # A caseload of the other states.
    case(child("Zoë", "Nuñez", 8), days_ago=3)
    case(child("Priya", "Invented", 12), days_ago=25, officer=None)
    case(child("Oliver", "Madeup", 9, sex="M"), days_ago=120)
    cme = case(child("Kit", "Newcomer", 13, sex="U"), "cme", days_ago=10, primary_reason="unknown")
    involvement = case(child("Sam", "Birchwood", 11, sex="M"), "involvement", days_ago=2)

    # A school's return that cannot be matched alone: two children share the pupil's name
    # and date of birth.
    pupil_born = born(today, 11)
    for _ in range(2):
        child_create(
            by=officer,
            legal_first_name="Robin",
            legal_last_name="Example",
            date_of_birth=pupil_born,
            known_from=today,
            channel="web",
        )
    school = SchoolFactory(name="Birchfield Primary")
    SchoolMembership.objects.create(user=school_user, school=school)
    waiting = submit(
        school,
        today=today,
        date_of_birth=pupil_born,
        deletion_date=today - timedelta(days=3),
    ).deletion_return
    special = SchoolFactory(name="Hollytree Special School", is_special=True, school_type="special")
    consented = submit(
        special,
        today=today,
        placed_by_council=True,
        pupil_first_name="Casey",
        pupil_last_name="Sample",
        date_of_birth=born(today, 12),
        deletion_date=today - timedelta(days=1),
    ).deletion_return
    return World(
        today=today,
        child=aoife,
        ehe=ehe,
        request=request,
        person_uid=str(link.person.uid),
        suitable=suitable,
        cme=cme,
        involvement=involvement,
        waiting_return_uid=str(waiting.uid),
        consent_id=consented.consent_requests.get().pk,
        school_return_uid=str(waiting.uid),
        panel=panel,
    )
