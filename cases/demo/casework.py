"""Laying down CME and "considering EHE" episodes (DOMAIN §5.1, §5.3), the fields each
episode opens with, and the things that happen around a case: allocation, changes of SEN or
social care status, safeguarding concerns."""

from __future__ import annotations

import random
from datetime import date, timedelta

from policy.calendar import add_working_days
from policy.school_age import year_group
from policy.vocab import EHE_REASONS_ADDED_AUTUMN_2025
from policy.workflow import CMEStatus, EpisodeKind

from . import texts
from .distributions import (
    CME_REASONS,
    CME_SOURCES,
    EHE_REASONS,
    NEW_REASONS_FROM,
    PREVIOUS_SCHOOL_TYPES,
)
from .plan import (
    CME_OFFICER,
    MANAGERS,
    ChildPlan,
    EpisodePlan,
    Script,
    Step,
    weighted,
    working_day_on_or_before,
)


class CaseworkMixin:
    rng: random.Random
    today: date

    def school_of_type(self, school_type: str, year_at_start: int) -> int | None:
        matches = [
            index
            for index, school in self.schools
            if school.school_type == school_type
            and (school.secondary if year_at_start >= 7 else school.primary)
            and (school.is_open or self.rng.random() < 0.3)
        ]
        if not matches or self.rng.random() < 0.1:
            return None  # a school outside the borough
        return self.rng.choice(matches)

    def ehe_fields(self, child: ChildPlan, start: date, *, linked: str = "") -> dict:
        rng = self.rng
        reason = weighted(rng, EHE_REASONS)
        while reason in EHE_REASONS_ADDED_AUTUMN_2025 and start < NEW_REASONS_FROM:
            reason = weighted(rng, EHE_REASONS)
        school_type = weighted(rng, PREVIOUS_SCHOOL_TYPES)
        year = year_group(child.fields["date_of_birth"], start)
        if linked == "involvement" and school_type in {
            "not_previously_in_school",
            "home_educated_another_area",
            "early_years_setting",
        }:
            school_type = "academy"
        if linked == "cme":
            school_type = rng.choice(("not_previously_in_school", "home_educated_another_area"))
        school_index = None
        if school_type in {
            "la_maintained",
            "academy",
            "free_school",
            "independent",
            "special",
            "alternative_provision",
            "pupil_referral_unit",
        }:
            school_index = self.school_of_type(school_type, year)
        if school_type == "early_years_setting":
            school_index = rng.choice([i for i, s in self.schools if s.phase == "Nursery"])
        if school_type == "home_educated_another_area":
            source = "other_council"
        elif school_type in {"not_previously_in_school", "early_years_setting"}:
            source = rng.choice(("parent", "parent", "partner_agency"))
        elif linked == "involvement":
            source = "school"
        elif school_type == "other_or_unknown":
            source = weighted(rng, (("parent", 5), ("partner_agency", 3), ("other", 2)))
        else:
            source = weighted(
                rng, (("school_deletion_return", 75), ("parent", 18), ("partner_agency", 7))
            )
        secondary_pool = [
            code
            for code, _ in EHE_REASONS
            if code not in {reason, "no_reason_given", "unknown", "other"}
            and (code not in EHE_REASONS_ADDED_AUTUMN_2025 or start >= NEW_REASONS_FROM)
        ]
        secondary = []
        if reason not in {"no_reason_given", "unknown"} and rng.random() < 0.4:
            secondary = rng.sample(secondary_pool, rng.randint(1, 2))
        notes = ""
        if school_type == "special" and school_index is not None:
            notes = "The council consented to removal from the special school's roll."
        elif reason == "other":
            notes = rng.choice(
                ("Family travelling for a parent's work.", "Child training at elite level.")
            )
        in_school = school_type not in {
            "not_previously_in_school",
            "home_educated_another_area",
            "other_or_unknown",
        }
        return {
            "source": source,
            "previous_school": school_index,
            "previous_school_type": school_type,
            "primary_reason": reason,
            "secondary_reasons": secondary,
            "reason_notes": notes,
            "school_suggested_ehe": (rng.random() < 0.07) if in_school else None,
            "pre_ehe_meeting_held": (linked == "involvement" or rng.random() < 0.2)
            if in_school
            else None,
        }

    def cme_fields(self, *, reason: str | None = None) -> dict:
        reason = reason or weighted(self.rng, CME_REASONS)
        source = weighted(self.rng, CME_SOURCES)
        if reason in {"moved_in_from_another_la", "believed_moved_to_another_la"}:
            source = self.rng.choice(("other_council", "school_deletion_return"))
        return {"source": source, "primary_reason": reason}

    def new_episode(
        self,
        child: ChildPlan,
        kind: str,
        start: date,
        fields: dict,
        *,
        officer: str | None,
        linked_from: str | None = None,
    ) -> EpisodePlan:
        prefix = {"ehe": "E", "cme": "M", "involvement": "I"}[kind]
        episode = EpisodePlan(
            key=self.next_key(prefix),
            kind=kind,
            start=start,
            fields=fields,
            officer=officer,
            linked_from=linked_from,
        )
        child.episodes.append(episode)
        return episode

    def open_steps(self, script: Script, *, allocate_after: int | None) -> None:
        """Open the case as the team's triage does; the manager allocates it a few working
        days later (unless ``allocate_after`` is None: still waiting)."""
        episode = script.episode
        opener = MANAGERS[0] if episode.kind != EpisodeKind.CME else CME_OFFICER
        script.add(episode.start, "open", opener, kind=episode.kind)
        if episode.kind == EpisodeKind.EHE and episode.officer and allocate_after is not None:
            on = add_working_days(episode.start, allocate_after)
            if on <= script.until:
                script.add(on, "allocate", MANAGERS[0], officer=episode.officer)
                return
        if episode.officer and allocate_after is not None:
            script.add(episode.start, "allocate", MANAGERS[0], officer=episode.officer)
            return
        episode.officer = None

    def plan_cme(
        self,
        child: ChildPlan,
        episode: EpisodePlan,
        *,
        target: str | None = None,
        closing: str | None = None,
        end: date | None = None,
    ) -> Script:
        """The reasonable enquiries, recorded as the enquiry service records them: the first
        moves the case to "making enquiries"; an untraced child is uploaded to the lost pupil
        database before the case closes (DOMAIN §5.3)."""
        rng = self.rng
        until = self.today if closing is None else end
        s = Script(self, child, episode, until)
        unallocated = target == CMEStatus.REFERRED and rng.random() < 0.5
        self.open_steps(s, allocate_after=None if unallocated else 0)
        self.acknowledge_alerts_if_known_to_social_care(child, episode, s)
        if target == CMEStatus.REFERRED:
            s.finish_open()
            return s
        s.enquiry(episode.start + self.days(0, 2), *texts.CME_FIRST_ENQUIRY)
        s.enquiry(add_working_days(s.cursor, rng.randint(1, 5)), *texts.CME_HOME_VISIT)
        if child.csc != "none":
            s.enquiry(s.cursor, *texts.CME_SOCIAL_CARE)
        placing = target == CMEStatus.PLACING or closing in {"on_roll_in_area"}
        stop = until - (self.days(7, 60) if placing else self.days(0, 10))
        checks = list(texts.CME_ENQUIRIES)
        rng.shuffle(checks)
        wanted = len(checks) if closing == "untraced" else rng.randint(1, 4)
        for item, outcome in checks[:wanted]:
            on = s.cursor + self.days(2, 20 if closing == "untraced" else 30)
            if on >= stop:
                break
            s.enquiry(on, item, outcome)
        if closing == "untraced":
            s.enquiry(s.cursor + self.days(0, 5), *texts.CME_LOST_PUPIL)
        if placing:
            s.transition(stop, CMEStatus.PLACING, "Child located; school place being arranged.")
        if target is not None:
            s.finish_open()
            return s
        notes = {
            "other_council_area": "Now on roll at a school in another council area.",
            "left_country": "Evidence received that the family has left the country.",
            "untraced": "Untraced after all enquiries; details uploaded to the lost pupil "
            "database.",
            "deceased": "Recorded at the family's request after notification.",
            "on_roll_in_area": "Started at a school in the borough.",
            "ehe": "Parent has chosen to home educate.",
            "ceased_csa": "Closed automatically: no longer of compulsory school age",
        }[closing]
        by = None if closing == "ceased_csa" else True
        s.close(until, closing, notes, by=by)
        return s

    def plan_involvement(
        self,
        child: ChildPlan,
        episode: EpisodePlan,
        *,
        outcome: str | None,
        end: date | None = None,
    ) -> Script:
        rng = self.rng
        until = self.today if outcome is None else end
        s = Script(self, child, episode, until)
        unallocated = outcome is None and rng.random() < 0.35
        self.open_steps(s, allocate_after=None if unallocated else 0)
        meeting = add_working_days(episode.start, rng.randint(2, 10))
        if meeting <= until - timedelta(days=1 if outcome else 0):
            s.contact(
                meeting,
                "school_meeting",
                "completed",
                present="Parent, head of year and EHE officer",
                notes=rng.choice(texts.SCHOOL_MEETING_NOTES),
            )
        if outcome is None:
            s.finish_open()
            return s
        notes = rng.choice(texts.INVOLVEMENT_OTHER_NOTES) if outcome == "other" else ""
        s.close(until, outcome, notes)
        return s

    def sen_csc_changes(self, child: ChildPlan, episode: EpisodePlan) -> None:
        """A few statuses change during the episode, as dated history."""
        rng = self.rng
        end = episode.end or self.today
        if (end - episode.start).days < 120:
            return
        on = episode.start + timedelta(days=rng.randint(60, (end - episode.start).days - 1))
        roll = rng.random()
        # New SEN evidence must be considered by a judgement before any formal step.
        if _considered_before_any_formal_step(child, episode, on):
            if child.sen == "sen_support" and roll < 0.15:
                child.steps.append(Step(on, "sen", MANAGERS[0], None, {"status": "ehcp"}))
            elif child.sen == "none" and roll < 0.03:
                child.steps.append(Step(on, "sen", MANAGERS[0], None, {"status": "sen_support"}))
        if child.csc == "none" and rng.random() < 0.015:
            child.steps.append(Step(on, "csc", MANAGERS[0], None, {"status": "cin"}))
        elif child.csc == "cin" and rng.random() < 0.3:
            child.steps.append(Step(on, "csc", MANAGERS[0], None, {"status": "none"}))

    def safeguarding(self, child: ChildPlan, episode: EpisodePlan, rate: float) -> None:
        rng = self.rng
        end = episode.end or self.today
        if rng.random() >= rate or (end - episode.start).days < 30:
            return
        on = working_day_on_or_before(
            episode.start + timedelta(days=rng.randint(10, (end - episode.start).days))
        )
        params = {
            "details": rng.choice(texts.SAFEGUARDING_DETAILS),
            "referred_to_csc_on": on,
            "referral_reference": f"CSC-DEMO-{rng.randint(10000, 99999)}",
        }
        child.steps.append(
            Step(on, "safeguarding", episode.officer or MANAGERS[0], episode.key, params)
        )
        ack = add_working_days(on, rng.randint(1, 3))
        if ack <= self.today - timedelta(days=5):
            child.steps.append(Step(ack, "acknowledge_alerts", MANAGERS[0], episode.key))


def _considered_before_any_formal_step(child: ChildPlan, episode: EpisodePlan, on: date) -> bool:
    """Whether SEN evidence arriving on ``on`` would be considered by a judgement before the
    case's next formal step, as the services require (DOMAIN §5.2)."""
    later = sorted(
        (step for step in child.steps if step.episode == episode.key and step.on >= on),
        key=lambda step: step.on,
    )
    for step in later:
        if step.action == "judgement":
            return True
        if step.action == "formal_step":
            return False
    return True
