"""Stories of children missing education and of families considering home education: open
today or closed in the last three years, some turning into home education and some coming
from it (DOMAIN §5.1, §5.3)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from policy.school_age import compulsory_school_age
from policy.workflow import CMEStatus, EHEStatus, EpisodeKind

from .distributions import CME_CLOSURES, CME_YEAR_GROUPS, EHE_YEAR_GROUPS, OPEN_CME_STATUSES
from .plan import CME_OFFICER, ChildPlan, EpisodePlan, weighted, working_day_on_or_before


class CMEStoriesMixin:
    rng: random.Random
    today: date
    window_start: date

    def cme_after_ehe(self, child: ChildPlan, ehe: EpisodePlan, *, open_now: bool) -> None:
        rng = self.rng
        reason = (
            "challenging_sao"
            if any(k == "sao_served" for k, _ in ehe.formal)
            else ("unsuitable_ehe")
        )
        episode = self.new_episode(
            child,
            EpisodeKind.CME,
            ehe.end,
            self.cme_fields(reason=reason),
            officer=CME_OFFICER,
            linked_from=ehe.key,
        )
        if open_now:
            self.plan_cme(
                child, episode, target=rng.choice((CMEStatus.ENQUIRIES, CMEStatus.PLACING))
            )
        else:
            end = min(ehe.end + timedelta(days=rng.randint(40, 200)), self.today)
            self.plan_cme(child, episode, closing="on_roll_in_area", end=end)

    def cme_child(self, story: str, on: date) -> ChildPlan:
        rng = self.rng
        looked_after = rng.random() < 0.02
        family = self.family(ehe=False, looked_after=looked_after)
        dob = self.dob_for_year_group(weighted(rng, CME_YEAR_GROUPS), on)
        child = self.child(
            story,
            family,
            dob,
            sen_rates=(0.04, 0.1),
            csc_rates=(0.05, 0.02, 0.0),
            with_upn=rng.random() < 0.7,
        )
        if looked_after:
            child.csc = "cla"
        return child

    def cme_start(self, dob: date, *, weeks: tuple[int, int], before: date | None = None) -> date:
        before = before or self.today
        start = before - timedelta(days=self.rng.randint(weeks[0] * 7, weeks[1] * 7))
        return max(working_day_on_or_before(start), compulsory_school_age(dob)[0])

    def story_open_cme(self, index: int) -> None:
        rng = self.rng
        statuses = [status for status, _ in OPEN_CME_STATUSES]
        target = statuses[index] if index < len(statuses) else weighted(rng, OPEN_CME_STATUSES)
        child = self.cme_child("open_cme", self.today)
        dob = child.fields["date_of_birth"]
        if rng.random() < 0.08:
            # Home education that was not suitable, now followed as missing education.
            end = self.today - timedelta(days=rng.randint(20, 300))
            start = self.ehe_start(
                dob, latest=end - timedelta(days=220), earliest_days=0, mean_age=600
            )
            if (end - start).days >= 200:
                child.known_from = start
                ehe = self.new_episode(
                    child,
                    EpisodeKind.EHE,
                    start,
                    self.ehe_fields(child, start),
                    officer=self.pick_officer("ehe"),
                )
                self.plan_ehe(child, ehe, closing="became_cme", end=working_day_on_or_before(end))
                self.cme_after_ehe(child, ehe, open_now=True)
                return
        if target == CMEStatus.REFERRED:
            weeks = (0, 1)
        else:
            weeks = weighted(
                rng,
                (
                    ((1, 2), 9),
                    ((2, 4), 10),
                    ((4, 8), 14),
                    ((8, 12), 13),
                    ((12, 26), 20),
                    ((26, 52), 20),
                    ((52, 100), 14),
                ),
            )
        start = self.cme_start(dob, weeks=weeks)
        child.known_from = start
        self.prior_episodes(child, start)
        episode = self.new_episode(
            child, EpisodeKind.CME, start, self.cme_fields(), officer=self.pick_officer("cme")
        )
        self.plan_cme(child, episode, target=target)
        self.safeguarding(child, episode, 0.02)

    def story_closed_cme(self, index: int) -> None:
        rng = self.rng
        outcomes = [outcome for outcome, _ in CME_CLOSURES]
        closing = outcomes[index] if index < len(outcomes) else weighted(rng, CME_CLOSURES)
        if closing == "deceased" and index >= len(outcomes):
            closing = "on_roll_in_area"
        end = self.seasonal_date(self.window_start, self.today - timedelta(days=2))
        child = self.cme_child("closed_cme", end)
        dob = child.fields["date_of_birth"]
        if closing == "ceased_csa":
            # The case ends the day after the last day of compulsory school age (s8(3)).
            end = compulsory_school_age(dob)[1] + timedelta(days=1)
            if end > self.today:
                closing = "on_roll_in_area"
                end = self.seasonal_date(self.window_start, self.today - timedelta(days=2))
        weeks = weighted(
            rng, (((1, 4), 10), ((4, 12), 25), ((12, 26), 25), ((26, 52), 25), ((52, 80), 15))
        )
        start = self.cme_start(dob, weeks=weeks, before=end)
        if start >= end:
            end = start + timedelta(days=14)
        child.known_from = start
        episode = self.new_episode(
            child, EpisodeKind.CME, start, self.cme_fields(), officer=self.pick_officer("cme")
        )
        self.plan_cme(child, episode, closing=closing, end=min(end, self.today))
        if closing == "ehe":
            ehe = self.new_episode(
                child,
                EpisodeKind.EHE,
                episode.end,
                self.ehe_fields(child, episode.end, linked="cme"),
                officer=self.pick_officer("ehe"),
                linked_from=episode.key,
            )
            ehe_end = min(
                episode.end + timedelta(days=rng.randint(60, 400)), self.today - timedelta(days=1)
            )
            if (ehe_end - episode.end).days >= 45:
                self.plan_ehe(child, ehe, closing="returned_to_school", end=ehe_end)
            elif (self.today - episode.end).days > 60:
                self.plan_ehe(child, ehe, target=EHEStatus.SUITABLE)
            else:
                self.plan_ehe(child, ehe, target=EHEStatus.INFORMAL_ENQUIRY)
            child.story = "closed_cme_then_ehe"

    def story_involvement(self, index: int, *, open_now: bool) -> None:
        rng = self.rng
        if open_now:
            start = working_day_on_or_before(self.today - timedelta(days=rng.randint(0, 40)))
            outcome, end = None, None
        else:
            end = self.seasonal_date(self.window_start, self.today - timedelta(days=1))
            start = working_day_on_or_before(end - timedelta(days=rng.randint(14, 60)))
            outcome = "other" if index == 0 or rng.random() < 0.1 else "remained_in_school"
        family = self.family(ehe=False)
        dob = self.dob_for_year_group(weighted(rng, EHE_YEAR_GROUPS), start)
        child = self.child(
            "open_involvement" if open_now else "closed_involvement",
            family,
            dob,
            sen_rates=(0.05, 0.15),
            csc_rates=(0.03, 0.005, 0.0),
            school_index=rng.randrange(0, 29),
        )
        child.known_from = start
        episode = self.new_episode(
            child,
            EpisodeKind.INVOLVEMENT,
            start,
            {"source": "school"},
            officer=self.pick_officer("involvement"),
        )
        self.plan_involvement(child, episode, outcome=outcome, end=end)
