"""The stories of the demo borough's children, and ``plan_borough``, which tells them.

Each child gets one story (home educated today, missing education today, considering home
education, or a closed case from the last three years), sometimes with earlier episodes
before it. The share of each story, and every other spread, is in ``distributions``.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from policy.deadlines import add_months
from policy.school_age import compulsory_school_age, year_group
from policy.workflow import CLOSED, FORMAL_STAGES, EHEStatus, EpisodeKind

from . import texts
from .casework import CaseworkMixin
from .checks import check_story
from .cme_stories import CMEStoriesMixin
from .distributions import (
    EHE_CLOSURES,
    EHE_YEAR_GROUPS,
    MONTH_WEIGHTS,
    OPEN_EHE_STATUSES,
    PRIOR_CME_RATE,
    PRIOR_EHE_RATE,
    SHARES,
)
from .ehe_scripts import EHEScriptsMixin
from .families import FamiliesMixin
from .plan import (
    CME_OFFICER,
    DEMO_OFFICER,
    BoroughPlan,
    ChildPlan,
    EpisodePlan,
    Family,
    PlanError,
    weighted,
    working_day_on_or_before,
)
from .schools import SCHOOLS


class BoroughPlanner(FamiliesMixin, CaseworkMixin, EHEScriptsMixin, CMEStoriesMixin):
    def __init__(self, *, seed: int, today: date, children: int):
        # A seeded generator makes the borough reproducible; nothing here is secret.
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
        self.seed = seed
        self.today = today
        self.window_start = add_months(today, -36)
        # Three years of history in full; cases still open today may have started earlier.
        self.history_limit = add_months(today, -84)
        self.size = children
        self.children: list[ChildPlan] = []
        self.upn_serials: dict[tuple[str, str], int] = {}
        self.used_names: set[tuple[str, str, date]] = set()
        self.family_count = 0
        self.episode_count = 0
        self.forced: dict[str, int] = {}
        self.schools = list(enumerate(SCHOOLS))

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def seasonal_date(self, earliest: date, latest: date, recent_weight_days: float = 0) -> date:
        """A date between the two, following the school year, optionally favouring recent
        dates (an exponential weight with this many days' mean age)."""
        if latest <= earliest:
            return latest
        span = (latest - earliest).days
        for _ in range(200):
            d = earliest + timedelta(days=self.rng.randint(0, span))
            weight = MONTH_WEIGHTS[d.month] / 1.4
            if recent_weight_days:
                weight *= math.exp(-(latest - d).days / recent_weight_days)
            if self.rng.random() < weight:
                return working_day_on_or_before(d) if d - earliest > timedelta(3) else d
        return latest

    def next_key(self, prefix: str) -> str:
        self.episode_count += 1
        return f"{prefix}{self.episode_count}"

    def consideration_notes(self) -> dict[str, str]:
        codes = self.rng.sample(sorted(texts.CONSIDERATION_NOTES), self.rng.randint(2, 4))
        return {code: self.rng.choice(texts.CONSIDERATION_NOTES[code]) for code in codes}

    def pick_officer(self, kind: str) -> str:
        if kind == EpisodeKind.CME:
            pairs = ((CME_OFFICER, 65), ("officer", 6), ("officer2", 9), ("officer3", 10))
            pairs += (("officer4", 10),)
        else:
            pairs = (
                ("officer", 27),
                ("officer2", 22),
                ("officer3", 22),
                ("officer4", 22),
                (CME_OFFICER, 3),
                ("manager", 2),
                ("manager2", 2),
            )
        return weighted(self.rng, pairs)

    def take_forced(self, what: str, quota: int) -> bool:
        """Make sure a small borough still shows each thing an officer must see."""
        if self.forced.get(what, 0) < quota:
            self.forced[what] = self.forced.get(what, 0) + 1
            return True
        return False

    def ehe_start(self, dob: date, *, latest: date, earliest_days: int, mean_age: float) -> date:
        """A start date for an EHE episode: after compulsory school age began, at most seven
        years ago and at least ``earliest_days`` ago, following the school year (and favouring
        recent dates when ``mean_age`` is given)."""
        csa_start, _ = compulsory_school_age(dob)
        earliest = max(csa_start, self.history_limit)
        latest = min(latest, self.today - timedelta(days=earliest_days))
        if latest <= earliest:
            return max(earliest, min(latest, self.today))
        return self.seasonal_date(earliest, latest, recent_weight_days=mean_age)

    def ehe_child(self, story: str, *, dob: date | None = None, family: Family | None = None):
        family = family or self.family(ehe=True)
        rng = self.rng
        dob = dob or self.dob_for_year_group(weighted(rng, EHE_YEAR_GROUPS), self.today)
        child = self.child(
            story,
            family,
            dob,
            sen_rates=(0.06, 0.13),
            csc_rates=(0.035, 0.01, 0.0),
            with_upn=rng.random() < 0.93,
        )
        return child

    def story_open_ehe(self, index: int) -> None:
        rng = self.rng
        statuses = [status for status, _ in OPEN_EHE_STATUSES]
        # Every state at least once, then a second new case (for the demo officer's own
        # "new" list, the first waiting for allocation), then as the distribution falls.
        statuses.append(EHEStatus.NEW)
        target = statuses[index] if index < len(statuses) else weighted(rng, OPEN_EHE_STATUSES)
        child = self.ehe_child("open_ehe")
        dob = child.fields["date_of_birth"]
        officer = self.pick_officer(EpisodeKind.EHE)
        if target in FORMAL_STAGES:
            officer = rng.choice(("officer", "officer2", "officer3", "officer4", "manager2"))
        unallocated = target == EHEStatus.NEW and rng.random() < 0.45
        if target == EHEStatus.NEW and self.take_forced("new_unallocated", 1):
            unallocated = True
        elif target == EHEStatus.NEW and self.take_forced("new_for_officer", 2):
            officer, unallocated = DEMO_OFFICER, False
        min_days = {
            EHEStatus.NEW: 0,
            EHEStatus.INFORMAL_ENQUIRY: 10,
            EHEStatus.SUITABLE: 45,
            EHEStatus.INFORMATION_REQUESTED: 90,
            EHEStatus.PANEL: 200,
            EHEStatus.S437_NOTICE: 250,
            EHEStatus.SAO_PROCESS: 400,
            EHEStatus.RETURNING_TO_SCHOOL: 60,
        }[target]
        # The demo officer's caseload shows a few annual contacts due this week and a few
        # overdue, whatever the size of the borough.
        force_last = None
        if target == EHEStatus.SUITABLE and officer == DEMO_OFFICER:
            if self.take_forced("due_this_week", 3):
                force_last = add_months(self.today, -12) + self.days(1, 3)
            elif self.take_forced("overdue", 4):
                force_last = add_months(self.today - self.days(10, 60), -12)
            if force_last is not None:
                min_days = 800
                if compulsory_school_age(dob)[0] > self.today - timedelta(days=600):
                    dob = self.dob_for_year_group(rng.randint(6, 10), self.today)
                    child.fields["date_of_birth"] = dob
        if target in FORMAL_STAGES and compulsory_school_age(dob)[0] > self.today - timedelta(
            days=min_days
        ):
            # The formal ladder takes months (a reply date, a notice period, a notice of
            # intention): a child this young has not been of school age long enough.
            dob = self.dob_for_year_group(rng.randint(4, 10), self.today)
            child.fields["date_of_birth"] = dob
        if target == EHEStatus.NEW:
            start = working_day_on_or_before(self.today - timedelta(days=rng.randint(0, 21)))
        elif target == EHEStatus.INFORMAL_ENQUIRY and rng.random() < 0.55:
            start = working_day_on_or_before(self.today - timedelta(days=rng.randint(14, 85)))
        else:
            start = self.ehe_start(dob, latest=self.today, earliest_days=min_days, mean_age=0)
        start = max(start, compulsory_school_age(dob)[0])
        child.known_from = start
        self.prior_episodes(child, start)
        linked = self.linked_before(child, start)
        episode = self.new_episode(
            child,
            EpisodeKind.EHE,
            start,
            self.ehe_fields(child, start, linked=linked[0]),
            officer=officer,
            linked_from=linked[1],
        )
        s = self.plan_ehe(
            child, episode, target=target, unallocated=unallocated, force_last=force_last
        )
        if year_group(dob, self.today) == 11 and rng.random() < 0.2:
            # Some Year 11 referrals for post-16 advice are made early in the year.
            on = s.when(self.today - self.days(0, 45))
            s.add(on, "post16_advice", notes="Referred to the careers service.")
        self.sen_csc_changes(child, episode)
        self.safeguarding(child, episode, 0.012)
        self.maybe_sibling(child, episode, target=target)

    def maybe_sibling(self, child: ChildPlan, episode: EpisodePlan, *, target=None, closing=None):
        """Brothers and sisters are often home educated together."""
        rng = self.rng
        if target is None and closing not in {"returned_to_school", "moved_away", "left_country"}:
            return
        if rng.random() > 0.1 or len(self.children) >= self.limit:
            return
        gap = timedelta(days=rng.choice((-1, 1)) * rng.randint(500, 1400))
        dob = child.fields["date_of_birth"] + gap
        csa_start, csa_end = compulsory_school_age(dob)
        end = episode.end or self.today
        if csa_start > episode.start or csa_end < end or dob > self.today:
            return
        sibling = self.ehe_child(child.story, dob=dob, family=child.family)
        sibling.known_from = episode.start
        fields = dict(episode.fields)
        if fields["previous_school"] is not None:
            year = year_group(dob, episode.start)
            fields["previous_school"] = self.school_of_type(fields["previous_school_type"], year)
        twin = self.new_episode(
            sibling, EpisodeKind.EHE, episode.start, fields, officer=episode.officer
        )
        if target is not None:
            same = target if target not in FORMAL_STAGES else EHEStatus.SUITABLE
            self.plan_ehe(sibling, twin, target=same, unallocated=episode.officer is None)
        else:
            self.plan_ehe(sibling, twin, closing=closing, end=episode.end)

    def prior_episodes(self, child: ChildPlan, start: date) -> None:
        """Earlier, unconnected history: a spell missing education, or an earlier spell of home
        education that ended with a return to school."""
        rng = self.rng
        dob = child.fields["date_of_birth"]
        csa_start, _ = compulsory_school_age(dob)
        roll = rng.random()
        if roll < PRIOR_CME_RATE:
            end = start - timedelta(days=rng.randint(120, 700))
            begin = end - timedelta(days=rng.randint(20, 300))
            if begin < max(csa_start, self.history_limit):
                return
            child.known_from = begin
            episode = self.new_episode(
                child,
                EpisodeKind.CME,
                working_day_on_or_before(begin),
                self.cme_fields(),
                officer=self.pick_officer("cme"),
            )
            self.plan_cme(child, episode, closing="on_roll_in_area", end=end)
        elif roll < PRIOR_CME_RATE + PRIOR_EHE_RATE:
            end = start - timedelta(days=rng.randint(90, 500))
            begin = end - timedelta(days=rng.randint(60, 500))
            if begin < max(csa_start, self.history_limit):
                return
            child.known_from = begin
            episode = self.new_episode(
                child,
                EpisodeKind.EHE,
                working_day_on_or_before(begin),
                self.ehe_fields(child, begin),
                officer=self.pick_officer("ehe"),
            )
            self.plan_ehe(child, episode, closing="returned_to_school", end=end)

    def linked_before(self, child: ChildPlan, start: date) -> tuple[str, str | None]:
        """Sometimes the home education follows a "considering EHE" meeting at school, or a
        spell missing education that ended when the parent chose to home educate."""
        rng = self.rng
        roll = rng.random()
        dob = child.fields["date_of_birth"]
        csa_start, _ = compulsory_school_age(dob)
        # Never overlapping an earlier episode of the same kind.
        ended = {e.kind: e.end for e in child.episodes if e.end is not None}
        if roll < 0.09:
            begin = working_day_on_or_before(start - timedelta(days=rng.randint(14, 50)))
            if begin < csa_start:
                return "", None
            child.known_from = min(child.known_from, begin)
            episode = self.new_episode(
                child,
                EpisodeKind.INVOLVEMENT,
                begin,
                {"source": "school"},
                officer=self.pick_officer("involvement"),
            )
            self.plan_involvement(child, episode, outcome="became_ehe", end=start)
            return "involvement", episode.key
        if roll < 0.14:
            begin = working_day_on_or_before(start - timedelta(days=rng.randint(20, 200)))
            if begin < csa_start or begin <= (ended.get(EpisodeKind.CME) or date.min):
                return "", None
            child.known_from = min(child.known_from, begin)
            episode = self.new_episode(
                child, EpisodeKind.CME, begin, self.cme_fields(), officer=self.pick_officer("cme")
            )
            self.plan_cme(child, episode, closing="ehe", end=start)
            return "cme", episode.key
        return "", None

    def story_closed_ehe(self, index: int) -> None:
        rng = self.rng
        reasons = [reason for reason, _ in EHE_CLOSURES]
        closing = reasons[index] if index < len(reasons) else weighted(rng, EHE_CLOSURES)
        if closing == "deceased" and index >= len(reasons):
            closing = "returned_to_school"  # one is enough
        if closing == "ceased_csa":
            leaving_years = [
                year
                for year in range(self.window_start.year, self.today.year + 1)
                if self.window_start < _leaving_date(year) < self.today
            ]
            year = rng.choice(leaving_years)
            dob = date(year - 16, 9, 1) + timedelta(days=rng.randint(0, 364))
            # s8(3): the age ends at the end of its last day; the case ends the day after.
            end = compulsory_school_age(dob)[1] + timedelta(days=1)
        else:
            end = self.seasonal_date(self.window_start, self.today - timedelta(days=3))
            dob = self.dob_for_year_group(weighted(rng, EHE_YEAR_GROUPS), end)
            if compulsory_school_age(dob)[1] < end:
                dob = self.dob_for_year_group(9, end)
        child = self.ehe_child("closed_ehe", dob=dob)
        mean = {
            "returned_to_school": 420,
            "moved_away": 600,
            "left_country": 500,
            "other": 400,
            "became_cme": 300,
            "deceased": 500,
            "ceased_csa": 1000,
        }[closing]
        minimum = {"returned_to_school": 25, "became_cme": 200}.get(closing, 10)
        csa_start = compulsory_school_age(dob)[0]
        duration = minimum + round(rng.expovariate(1 / mean))
        start = working_day_on_or_before(end - timedelta(days=duration))
        start = max(start, csa_start, self.history_limit)
        if (end - start).days < minimum:
            end = min(start + timedelta(days=minimum), self.today - timedelta(days=1))
        child.known_from = start
        self.prior_episodes(child, start)
        linked = self.linked_before(child, start)
        officer = self.pick_officer(EpisodeKind.EHE)
        episode = self.new_episode(
            child,
            EpisodeKind.EHE,
            start,
            self.ehe_fields(child, start, linked=linked[0]),
            officer=officer,
            linked_from=linked[1],
        )
        self.plan_ehe(child, episode, closing=closing, end=end)
        self.sen_csc_changes(child, episode)
        self.safeguarding(child, episode, 0.01)
        if closing == "became_cme":
            self.cme_after_ehe(child, episode, open_now=False)
        self.maybe_sibling(child, episode, closing=closing if closing != "became_cme" else None)

    def plan(self) -> BoroughPlan:
        self.limit = self.size
        counts = _apportion(self.size, SHARES)
        makers = {
            "open_ehe": self.story_open_ehe,
            "open_cme": self.story_open_cme,
            "open_involvement": lambda i: self.story_involvement(i, open_now=True),
            "closed_ehe": self.story_closed_ehe,
            "closed_cme": self.story_closed_cme,
            "closed_involvement": lambda i: self.story_involvement(i, open_now=False),
        }
        # Interleave the stories so that a small borough still gets some of each.
        made = dict.fromkeys(counts, 0)
        while len(self.children) < self.size:
            progressed = False
            for story, wanted in counts.items():
                if made[story] < wanted and len(self.children) < self.size:
                    makers[story](made[story])
                    made[story] += 1
                    progressed = True
            if not progressed:
                makers["open_ehe"](made["open_ehe"])
                made["open_ehe"] += 1
        for child in self.children:
            self.check(child)
        return BoroughPlan(seed=self.seed, today=self.today, children=self.children)

    def check(self, child: ChildPlan) -> None:
        dob = child.fields["date_of_birth"]
        child.known_from = min([child.known_from] + [e.start for e in child.episodes])
        for episode in child.episodes:
            if episode.start < dob or episode.start > self.today:
                raise PlanError(f"{child.key}: episode {episode.key} starts on {episode.start}")
            if episode.status != CLOSED and episode.kind != EpisodeKind.INVOLVEMENT:
                _, csa_end = compulsory_school_age(dob)
                if csa_end < self.today:
                    raise PlanError(f"{child.key}: open case for a child past school age")
        open_kinds = [e.kind for e in child.episodes if e.status != CLOSED]
        if len(open_kinds) != len(set(open_kinds)):
            raise PlanError(f"{child.key}: two open episodes of one kind")
        # Every step, across all the child's episodes, as the services will judge it.
        check_story(child)


def _leaving_date(year: int) -> date:
    return compulsory_school_age(date(year - 16, 9, 1))[1]


def _apportion(total: int, shares) -> dict[str, int]:
    counts = {story: int(total * share) for story, share in shares}
    leftover = total - sum(counts.values())
    for story, _ in shares[:leftover]:
        counts[story] += 1
    return counts


def plan_borough(*, seed: int, today: date, children: int) -> BoroughPlan:
    if children < 1:
        raise ValueError("The borough needs at least one child.")
    return BoroughPlanner(seed=seed, today=today, children=children).plan()
