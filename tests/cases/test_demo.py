"""The invented demo borough (``manage.py load_demo``): its shape, its history, and that it
is invented, reproducible and loaded only once."""

import io
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from cases.demo import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    build_borough,
    demo_team_ensure,
    plan_borough,
    shape,
)
from cases.demo.checks import plan_problems
from cases.demo.plan import DEMO_OFFICER, PlanError
from cases.demo.schools import DEMO_LA_CODE, SCHOOLS, demo_urn
from cases.models import (
    Alert,
    AuditEntry,
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    CMEEnquiry,
    Contact,
    Episode,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    Judgement,
    Person,
    Relationship,
    SafeguardingConcern,
    School,
    UnsuitablePeriod,
)
from cases.selectors import CaseloadFilters, caseload
from ehe.demo import DEMO_PASSWORD
from ehe.models import User
from policy.school_age import compulsory_school_age
from policy.upn import upn_error
from policy.vocab import CME_CLOSURE_OUTCOMES, EHE_CLOSURE_REASONS, EHE_REASONS
from policy.workflow import CMEStatus, EHEStatus

# A fixed date keeps the pure planning tests reproducible; the command uses today's date.
PLAN_DAY = date(2026, 11, 23)
EHE_OPEN_STATUSES = {s.value for s in EHEStatus} - {"closed"}


@pytest.fixture
def debug_on(settings):
    # pytest-django runs tests with DEBUG off; load_demo is for DEBUG-on servers.
    settings.DEBUG = True


def _fingerprint(plan):
    return [
        (child.fields, child.known_from, [(s.on, s.action, s.by, s.params) for s in child.steps])
        for child in plan.children
    ]


# Planning (no database) -----------------------------------------------------------------

# Any day: dates spread over three years, with the awkward ones (term starts and ends,
# Christmas Eve, the summer holidays, a leap day, bank holidays, weekends).
PLAN_DATES = [
    date(2026, 12, 1),
    date(2026, 12, 24),
    date(2026, 12, 28),
    date(2027, 1, 1),
    date(2027, 2, 14),
    date(2027, 3, 26),
    date(2027, 4, 18),
    date(2027, 5, 31),
    date(2027, 6, 25),
    date(2027, 7, 24),
    date(2027, 8, 31),
    date(2027, 9, 1),
    date(2027, 10, 7),
    date(2027, 11, 13),
    date(2027, 12, 25),
    date(2028, 1, 20),
    date(2028, 2, 29),
    date(2028, 3, 31),
    date(2028, 5, 18),
    date(2028, 6, 30),
    date(2028, 8, 1),
    date(2028, 8, 31),
    date(2028, 9, 1),
    date(2028, 10, 31),
    date(2029, 2, 28),
    date(2029, 9, 3),
]
SEEDS = (2026, 1, 7)


@pytest.mark.parametrize("today", PLAN_DATES, ids=str)
def test_the_default_borough_plans_on_any_day_and_every_step_passes_the_services_guards(today):
    for seed in SEEDS:
        plan = plan_borough(seed=seed, today=today, children=DEFAULT_CHILDREN)
        # The same pure guards the services ask, step by step across each child's cases.
        assert plan_problems(plan.children) == [], (seed, today)
        assert max(step.on for child in plan.children for step in child.steps) <= today


def test_the_borough_plans_today_too():
    today = timezone.localdate()
    plan = plan_borough(seed=DEFAULT_SEED, today=today, children=DEFAULT_CHILDREN)
    assert plan_problems(plan.children) == []


def test_the_plan_check_catches_a_step_the_services_would_refuse():
    plan = plan_borough(seed=2026, today=PLAN_DATES[0], children=DEFAULT_CHILDREN)
    untraced = next(
        child
        for child in plan.children
        if any(e.closure_reason == "untraced" for e in child.episodes)
    )
    # Without the upload to the lost pupil database, an untraced closure is refused.
    untraced.steps = [
        step for step in untraced.steps if step.params.get("item") != "lost_pupil_database"
    ]
    problems = plan_problems([untraced])
    assert len(problems) == 1 and "lost pupil database" in problems[0]
    # A bare move to the s437 stage, with no notice served, is refused too.
    s437 = next(
        child
        for child in plan.children
        if any(step.params.get("kind") == "s437_notice" for step in child.steps)
    )
    for step in s437.steps:
        if step.params.get("kind") == "s437_notice":
            step.action, step.params = "transition", {"to": "s437_notice", "reason": "Panel"}
            break
    problems = plan_problems([s437])
    assert len(problems) == 1 and "recorded as served" in problems[0]


def test_plan_is_the_same_for_the_same_seed_size_and_date():
    first = plan_borough(seed=7, today=PLAN_DAY, children=60)
    again = plan_borough(seed=7, today=PLAN_DAY, children=60)
    other_seed = plan_borough(seed=8, today=PLAN_DAY, children=60)
    assert _fingerprint(first) == _fingerprint(again)
    assert _fingerprint(first) != _fingerprint(other_seed)


def test_plan_history_runs_back_from_the_day_it_is_made():
    plan = plan_borough(seed=7, today=PLAN_DAY, children=120)
    steps = [step.on for child in plan.children for step in child.steps]
    assert max(steps) <= PLAN_DAY
    assert min(steps) < PLAN_DAY - timedelta(days=3 * 365)
    later = plan_borough(seed=7, today=PLAN_DAY + timedelta(days=400), children=120)
    assert max(s.on for c in later.children for s in c.steps) > PLAN_DAY


# The command plans back from whatever day it runs: autumn, the summer holidays, spring.
@pytest.mark.parametrize("today", [PLAN_DAY, date(2026, 7, 20), date(2027, 3, 15)])
def test_default_borough_resembles_the_seeds_borough(today):
    """DOMAIN §8/§9 scaled to 800 children: several hundred EHE at each census, rising; a
    steady flow of starts and returns; notices and orders every year; 75–110 open CME."""
    figures = shape(plan_borough(seed=2026, today=today, children=DEFAULT_CHILDREN))
    assert figures["children"] == DEFAULT_CHILDREN
    assert 400 <= figures["open_ehe"] <= 800
    assert set(figures["open_ehe_by_status"]) == EHE_OPEN_STATUSES
    # Most open cases are settled; a few are at the formal stages.
    assert figures["open_ehe_by_status"]["suitable"] > figures["open_ehe"] / 2
    assert 75 <= figures["open_cme"] <= 110
    assert set(figures["open_cme_by_status"]) == {"referred", "enquiries", "placing"}
    assert 5 <= figures["open_involvements"] <= 30
    assert set(figures["ehe_closures"]) == set(EHE_CLOSURE_REASONS.codes)
    assert figures["ehe_closures"]["returned_to_school"] == max(figures["ehe_closures"].values())
    assert {"on_roll_in_area", "ehe", "untraced"} <= set(figures["cme_closures"])
    assert {"remained_in_school", "became_ehe"} <= set(figures["involvement_outcomes"])
    assert 50 <= figures["declined_visit_children"] <= 110  # the seeds cite 75 families
    ehe_at_census = [ehe for ehe, _cme in figures["census"].values()]
    assert all(200 <= count <= 600 for count in ehe_at_census)
    assert ehe_at_census[-1] > ehe_at_census[0]  # growing, as the seeds' borough did
    full_years = list(figures["years"].values())[:-1]
    for year in full_years:
        assert year["starts"] >= 80
        assert year["returns"] >= 20
        assert year["s437_notices"] >= 8
        assert year["saos"] >= 2
        assert year["ehe_at_any_point"] > max(ehe_at_census[:3])
    caseload_sizes = figures["open_caseload"]
    assert 100 <= caseload_sizes[DEMO_OFFICER] <= 150
    assert 0 < caseload_sizes["None"] < 40  # new cases waiting for allocation


def test_reasons_follow_the_dfe_list_with_mental_health_and_preference_most_common():
    plan = plan_borough(seed=2026, today=PLAN_DAY, children=DEFAULT_CHILDREN)
    reasons = Counter(
        episode.fields.get("primary_reason")
        for child in plan.children
        for episode in child.episodes
        if episode.kind == "ehe"
    )
    assert set(reasons) <= set(EHE_REASONS.codes)
    top_two = {reason for reason, _ in reasons.most_common(2)}
    assert top_two == {"mental_health", "philosophical_or_preferential"}
    types = Counter(
        episode.fields.get("previous_school_type")
        for child in plan.children
        for episode in child.episodes
        if episode.kind == "ehe"
    )
    assert len(types) >= 10


# Loading ---------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def moderate_borough(django_db_setup, django_db_blocker):
    """One moderate borough, loaded once for the class that reads it and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        # pytest-django's ``settings`` fixture is per test; this load happens once per class.
        with override_settings(DEBUG=True):
            call_command("load_demo", children=150, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("moderate_borough")
class TestModerateBorough:
    def test_load_demo_builds_every_state_a_team_works_with(self):
        assert Child.objects.count() == 150
        ehe_statuses = set(Episode.objects.filter(kind="ehe").values_list("status", flat=True))
        assert ehe_statuses == {s.value for s in EHEStatus}
        cme_statuses = set(Episode.objects.filter(kind="cme").values_list("status", flat=True))
        assert cme_statuses == {s.value for s in CMEStatus}
        assert Episode.objects.filter(kind="involvement", status="open").exists()
        outcomes = set(
            Episode.objects.filter(kind="involvement", status="closed").values_list(
                "closure_reason", flat=True
            )
        )
        assert {"remained_in_school", "became_ehe"} <= outcomes
        closures = set(
            Episode.objects.filter(kind="ehe", status="closed").values_list(
                "closure_reason", flat=True
            )
        )
        assert closures == set(EHE_CLOSURE_REASONS.codes)
        cme_closures = set(
            Episode.objects.filter(kind="cme", status="closed").values_list(
                "closure_reason", flat=True
            )
        )
        assert cme_closures <= set(CME_CLOSURE_OUTCOMES.codes)
        # A linked case records what it came from.
        assert Episode.objects.filter(kind="ehe", linked_from__kind="involvement").exists()

    def test_formal_stages_carry_their_formal_steps(self):
        for episode in Episode.objects.filter(status="s437_notice"):
            assert episode.formal_steps.filter(kind="s437_notice").exists()
        for episode in Episode.objects.filter(status="sao_process"):
            assert episode.formal_steps.filter(kind="s437_notice").exists()
            assert episode.formal_steps.filter(kind__in=["s438_notice", "sao_served"]).exists()
        # Each formal stage was entered on the day its step was served.
        for step in FormalStep.objects.filter(kind__in=["s437_notice", "s438_notice"]):
            assert EpisodeEvent.objects.filter(
                episode=step.episode, action="status_changed", occurred_on=step.occurred_on
            ).exists()
        # Education judged unsuitable counts as CME from the judgement until it is resolved:
        # found suitable, or the case closed; waiting for a school place does not end it.
        formal_open = Episode.objects.filter(status__in=["panel", "s437_notice", "sao_process"])
        for episode in formal_open:
            assert episode.unsuitable_periods.filter(valid_to__isnull=True).count() == 1
        assert not UnsuitablePeriod.objects.filter(
            valid_to__isnull=True, episode__status__in=["suitable", "closed"]
        ).exists()

    def test_demo_and_system_writes_say_so_in_the_audit_log(self):
        # Nothing the loader or the jobs wrote is logged as someone's click on a screen.
        channels = set(AuditEntry.objects.values_list("channel", flat=True))
        assert channels == {"demo", "system"}

    def test_history_has_events_and_audit_entries_like_real_use(self):
        episodes = Episode.objects.count()
        assert EpisodeEvent.objects.filter(action="opened").count() == episodes
        status_moves = EpisodeEvent.objects.filter(action="status_changed")
        assert (
            status_moves.filter(to_status="closed").count()
            == Episode.objects.filter(status="closed").count()
        )
        assert (
            EpisodeEvent.objects.filter(action="contact_recorded").count()
            == Contact.objects.count()
        )
        assert (
            EpisodeEvent.objects.filter(action="judgement_recorded").count()
            == Judgement.objects.count()
        )
        assert AuditEntry.objects.filter(object_type="cases.child", action="create").count() == 150
        assert (
            AuditEntry.objects.filter(object_type="cases.contact").count()
            == Contact.objects.count()
        )
        # Three years of history, none of it in the future.
        today = timezone.localdate()
        assert EpisodeEvent.objects.filter(occurred_on__gt=today).count() == 0
        oldest = EpisodeEvent.objects.order_by("occurred_on").first().occurred_on
        assert oldest <= today - timedelta(days=3 * 365)
        # Every episode's events are in date order of insertion (timelines read naturally).
        for episode in Episode.objects.all()[:40]:
            dates = list(episode.events.order_by("at", "id").values_list("occurred_on", flat=True))
            assert dates == sorted(dates)

    def test_open_cases_are_all_for_children_of_compulsory_school_age(self):
        today = timezone.localdate()
        for episode in Episode.objects.exclude(status="closed").exclude(kind="involvement"):
            start, end = compulsory_school_age(episode.child.date_of_birth)
            assert start <= episode.start_date and today <= end
        assert (
            not Episode.objects.filter(kind="ehe")
            .exclude(status="closed")
            .filter(next_due_on__isnull=True)
        )

    def test_demo_officer_has_a_realistic_day(self):
        today = timezone.localdate()
        officer = User.objects.get(username=DEMO_OFFICER)
        mine = CaseloadFilters(officer_id=officer.pk)
        assert caseload(mine, today=today).count() >= 15
        due_this_week = CaseloadFilters(officer_id=officer.pk, due_within_days=7)
        assert caseload(due_this_week, today=today).exists()
        overdue = CaseloadFilters(officer_id=officer.pk, overdue=True)
        assert caseload(overdue, today=today).exists()
        new = CaseloadFilters(officer_id=officer.pk, new=True)
        assert caseload(new, today=today).exists()
        waiting = CaseloadFilters(unallocated=True, new=True)
        assert caseload(waiting, today=today).exists()
        # The rest of the team holds cases too.
        holders = set(
            Episode.objects.exclude(status="closed")
            .exclude(allocated_officer=None)
            .values_list("allocated_officer__username", flat=True)
        )
        assert {"officer", "officer2", "officer3", "officer4", "officer5"} <= holders

    def test_records_are_invented_and_well_formed(self):
        upns = list(Child.objects.exclude(upn="").values_list("upn", flat=True))
        assert len(upns) > 100
        assert all(upn_error(upn) is None for upn in upns)
        # The local authority number: DfE's pseudo-code, as no council issues it.
        assert all(upn[1:4] == DEMO_LA_CODE for upn in upns)
        assert all(
            re.fullmatch(r"ZZ\d+ \d[A-Z]{2}", p)
            for p in ChildAddress.objects.values_list("postcode", flat=True)
        )
        assert all(
            e.endswith("@example.invalid") for e in Person.objects.values_list("email", flat=True)
        )
        assert all(
            p.startswith("07700 900") for p in Person.objects.values_list("phone", flat=True)
        )
        schools = School.objects.all()
        assert schools.count() == 40
        assert all(int(s.urn) >= 900001 and s.la_code == DEMO_LA_CODE for s in schools)
        assert schools.filter(is_special=True).count() >= 3
        held = {school.urn: school for school in schools}
        for index, demo in enumerate(SCHOOLS):
            assert held[demo_urn(index)].school_type == demo.school_type
            assert held[demo_urn(index)].is_special == demo.is_special
        assert len({demo.school_type for demo in SCHOOLS}) >= 8
        # A case's previous-school type agrees with the school named on it.
        assert (
            not Episode.objects.exclude(previous_school=None)
            .exclude(previous_school_type=F("previous_school__school_type"))
            .exists()
        )
        # Every child has at least one parent or carer; some separated parents both hold PR.
        assert not Child.objects.annotate(n=Count("relationships")).filter(n=0).exists()
        assert Relationship.objects.filter(parental_responsibility=True, lives_with=False).exists()

    def test_statuses_and_safeguarding_appear_at_low_rates(self):
        today = timezone.localdate()
        sen = Counter(ChildSENStatus.objects.as_at(today).values_list("status", flat=True))
        assert sen["ehcp"] > 0 and sen["sen_support"] > 0
        assert sen["none"] > 0.7 * Child.objects.count()
        csc = Counter(ChildCSCStatus.objects.as_at(today).values_list("status", flat=True))
        assert csc["none"] > 0.85 * Child.objects.count()
        assert Contact.objects.filter(outcome="visit_declined").exists()
        assert InformationRequest.objects.exists()
        # Any safeguarding concern raised an alert, and so did every child known to social
        # care who became home educated; managers have acknowledged all but the newest.
        assert (
            Alert.objects.filter(kind="safeguarding").count() == SafeguardingConcern.objects.count()
        )
        known = [
            e
            for e in Episode.objects.filter(kind="ehe")
            if ChildCSCStatus.objects.as_at(e.start_date)
            .filter(child_id=e.child_id, status__in=["cin", "cpp", "cla"])
            .exists()
        ]
        alerts = Alert.objects.filter(kind="csc_child_ehe")
        assert sorted(a.episode_id for a in alerts) == sorted(e.pk for e in known)
        for alert in Alert.objects.filter(acknowledged_at__isnull=True):
            if alert.kind in {"csc_child_ehe", "cme_social_care"}:
                assert alert.episode.start_date >= today - timedelta(days=21)
            else:
                assert alert.kind == "safeguarding"
                raised = SafeguardingConcern.objects.get(episode=alert.episode, child=alert.child)
                assert raised.raised_on >= today - timedelta(days=14)


# The bulk writer for old history -------------------------------------------------------


def _rows():
    """What the borough holds, without ids or timestamps, so two builds can be compared."""
    child_key = dict(Child.objects.values_list("pk", "upn"))
    for pk, first, last, dob, search in Child.objects.values_list(
        "pk", "legal_first_name", "legal_last_name", "date_of_birth", "name_search"
    ):
        child_key[pk] = (child_key[pk], first, last, dob, search)
    episode_key = {
        pk: (child_key[child], kind, start)
        for pk, child, kind, start in Episode.objects.values_list(
            "pk", "child", "kind", "start_date"
        )
    }

    def keyed(model, key_field, fields):
        key = child_key if key_field == "child" else episode_key
        return Counter(
            (key[row[0]],) + tuple(row[1:]) for row in model.objects.values_list(key_field, *fields)
        )

    events = Counter(
        (
            episode_key[e.episode_id],
            e.by_id,
            e.action,
            e.occurred_on,
            e.from_status,
            e.to_status,
            e.reason,
            tuple(sorted((k, v) for k, v in e.data.items() if not k.endswith("_id"))),
        )
        for e in EpisodeEvent.objects.all()
    )
    audit = Counter(
        (child_key.get(a.child_id), a.actor_id, a.action, a.object_type, a.channel, a.detail)
        for a in AuditEntry.objects.all()
    )
    return {
        "episodes": keyed(
            Episode,
            "pk",
            [
                "status",
                "end_date",
                "closure_reason",
                "closure_notes",
                "version",
                "allocated_officer",
                "next_due_on",
                "next_due_kind",
                "post16_advice_done_on",
                "primary_reason",
                "previous_school__urn",
                "linked_from__kind",
            ],
        ),
        "contacts": keyed(Contact, "episode", ["contact_type", "occurred_on", "outcome", "notes"]),
        "judgements": keyed(
            Judgement, "episode", ["decided_on", "outcome", "next_contact_due", "reasons"]
        ),
        "requests": keyed(
            InformationRequest, "episode", ["requested_on", "reply_by", "reply_received_on"]
        ),
        "formal": keyed(FormalStep, "episode", ["kind", "occurred_on", "notes"]),
        "enquiries": keyed(CMEEnquiry, "episode", ["item", "made_on", "outcome", "made_by"]),
        "unsuitable": keyed(UnsuitablePeriod, "episode", ["valid_from", "valid_to"]),
        "alerts": keyed(Alert, "child", ["kind", "acknowledged_by"]),
        "concerns": keyed(SafeguardingConcern, "child", ["raised_on", "referral_reference"]),
        "addresses": keyed(ChildAddress, "child", ["valid_from", "valid_to", "postcode"]),
        "sen": keyed(ChildSENStatus, "child", ["valid_from", "valid_to", "status"]),
        "csc": keyed(ChildCSCStatus, "child", ["valid_from", "valid_to", "status"]),
        "relationships": keyed(
            Relationship, "child", ["person__email", "relationship", "parental_responsibility"]
        ),
        "events": events,
        "audit": audit,
    }


def _draws_every_story(plan) -> None:
    figures = shape(plan)
    assert set(figures["open_ehe_by_status"]) == EHE_OPEN_STATUSES
    assert set(figures["open_cme_by_status"]) == {"referred", "enquiries", "placing"}
    assert set(figures["ehe_closures"]) == set(EHE_CLOSURE_REASONS.codes)
    assert {"on_roll_in_area", "ehe", "untraced"} <= set(figures["cme_closures"])
    assert {"remained_in_school", "became_ehe"} <= set(figures["involvement_outcomes"])
    formal = {kind for child in plan.children for e in child.episodes for kind, _ in e.formal}
    assert formal == {"s437_notice", "s438_notice", "sao_served", "sao_revoked"}


def test_old_history_written_in_bulk_matches_what_the_services_write():
    """The bulk writer must leave exactly the rows the services would, for every story."""
    users = {account.username: user for account, user in demo_team_ensure()}
    plan = plan_borough(seed=11, today=timezone.localdate(), children=160)
    _draws_every_story(plan)
    snapshots = []
    for bulk_before in (None, timezone.localdate() + timedelta(days=1)):
        with transaction.atomic():
            build_borough(plan, users=users, bulk_before=bulk_before)
            snapshots.append(_rows())
            transaction.set_rollback(True)
    through_services, in_bulk = snapshots
    assert sum(through_services["events"].values()) > 1000
    for table in through_services:
        assert in_bulk[table] == through_services[table], table


def test_the_bulk_writer_refuses_a_step_the_services_would_refuse():
    users = {account.username: user for account, user in demo_team_ensure()}
    plan = plan_borough(seed=11, today=PLAN_DATES[0], children=160)
    untraced = next(
        child
        for child in plan.children
        if any(e.closure_reason == "untraced" for e in child.episodes)
    )
    untraced.steps = [s for s in untraced.steps if s.params.get("item") != "lost_pupil_database"]
    with pytest.raises(PlanError, match="lost pupil database"):
        build_borough(plan, users=users, bulk_before=PLAN_DATES[0] + timedelta(days=1))
    assert not Child.objects.exists()  # all or nothing


@pytest.mark.parametrize("today", [date(2026, 12, 24), date(2027, 8, 31), date(2028, 2, 29)])
def test_the_default_borough_builds_on_awkward_days(today, time_machine):
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=UTC))
    users = {account.username: user for account, user in demo_team_ensure()}
    plan = plan_borough(seed=DEFAULT_SEED, today=today, children=DEFAULT_CHILDREN)
    result = build_borough(plan, users=users)
    assert result.children == DEFAULT_CHILDREN
    open_cases = Episode.objects.exclude(status="closed")
    # Every open case of every kind has a next date (nothing open shows "Nothing due").
    assert not open_cases.filter(next_due_on__isnull=True).exists()
    assert not EpisodeEvent.objects.filter(occurred_on__gt=today).exists()
    for episode in open_cases.exclude(kind="involvement").select_related("child"):
        assert today <= compulsory_school_age(episode.child.date_of_birth)[1]


# The command -----------------------------------------------------------------------------


def test_load_demo_twice_leaves_one_borough(debug_on, capsys):
    call_command("load_demo", children=12)
    first = capsys.readouterr().out
    assert "Demo borough loaded" in first
    counts = (Child.objects.count(), Episode.objects.count(), EpisodeEvent.objects.count())
    call_command("load_demo", children=12)
    second = capsys.readouterr().out
    assert "already loaded" in second
    assert (Child.objects.count(), Episode.objects.count(), EpisodeEvent.objects.count()) == counts
    assert School.objects.count() == 40
    assert DEMO_PASSWORD in second


def test_load_demo_creates_the_wider_team_with_the_demo_password(debug_on, capsys):
    call_command("load_demo", children=3)
    out = capsys.readouterr().out
    for username in ("officer2", "officer3", "officer4", "officer5", "manager2"):
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert f"username: {username}" in out
    assert User.objects.get(username="manager2").has_role("manager")
    assert User.objects.get(username="officer5").has_role("officer")


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("load_demo", children=3)
    assert not Child.objects.exists()
    assert not School.objects.exists()
    assert not User.objects.filter(username="officer2").exists()


def test_load_demo_runs_with_debug_off_only_when_told_to(settings):
    settings.DEBUG = False
    call_command("load_demo", children=3, allow_without_debug=True, stdout=io.StringIO())
    assert Child.objects.count() == 3


def test_load_demo_that_fails_says_why_in_one_line_and_saves_nothing(debug_on, monkeypatch):
    from cases.management.commands import load_demo

    real_build = load_demo.build_borough

    def build_a_plan_with_a_bad_step(plan, *, users):
        # A judgement with no reasons, which the services refuse, deep inside the borough.
        judgements = [s for c in plan.children for s in c.steps if s.action == "judgement"]
        judgements[len(judgements) // 2].params["reasons"] = ""
        return real_build(plan, users=users)

    monkeypatch.setattr(load_demo, "build_borough", build_a_plan_with_a_bad_step)
    with pytest.raises(CommandError) as error:
        call_command("load_demo", children=40)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("The demo borough could not be built for ")
    assert "reasons" in message and "Nothing was saved" in message
    # All or nothing: not even the schools written before the bad step are left.
    assert not Child.objects.exists() and not School.objects.exists()


def test_load_demo_refuses_an_empty_borough(debug_on):
    with pytest.raises(CommandError, match="--children"):
        call_command("load_demo", children=0)
    assert not Child.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_load_demo_sends_returns_down_each_front_door_path(settings, tmp_path):
    from cases.models import DeletionReturn

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", children=150, stdout=io.StringIO())
    outcomes = set(DeletionReturn.objects.values_list("outcome", flat=True))
    assert {
        "ehe_opened",
        "cme_opened",
        "involvement_opened",
        "consent_required",
        "awaiting_match",
    } <= outcomes
    count = DeletionReturn.objects.count()
    call_command("load_demo", children=150, stdout=io.StringIO())
    assert DeletionReturn.objects.count() == count
    school_user = User.objects.get(username="school")
    assert school_user.school_membership.school.urn == "900001"
