"""Laying down one EHE episode: initial contact, information gathering, a judgement, annual
contacts, and an ending (a state to be in today, or a closure), with the formal ladder where
the education does not appear suitable (DOMAIN §5.2, §6)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from policy.calendar import add_working_days
from policy.workflow import FORMAL_STAGES, EHEStatus, EpisodeKind

from . import texts
from .distributions import FORMAL_DETOUR_RATE
from .plan import (
    MANAGERS,
    VISIT_TYPES,
    ChildPlan,
    EpisodePlan,
    Family,
    PlanError,
    Script,
    Step,
)


class EHEScriptsMixin:
    rng: random.Random
    today: date

    def plan_ehe(
        self,
        child: ChildPlan,
        episode: EpisodePlan,
        *,
        target: str | None = None,
        closing: str | None = None,
        end: date | None = None,
        unallocated: bool = False,
        force_last: date | None = None,
    ) -> Script:
        """Plan one EHE episode, open at ``target`` today or closed for ``closing`` on
        ``end``."""
        rng = self.rng
        until = self.today if closing is None else end
        s = Script(self, child, episode, until)
        allocate_after = None if unallocated else rng.randint(0, 3)
        self.open_steps(s, allocate_after=allocate_after)
        self.acknowledge_alerts_if_known_to_social_care(child, episode, s)
        family: Family = child.family
        pref = family.people[0].fields["preferred_contact_method"]

        if target == EHEStatus.NEW:
            if rng.random() < 0.4 and s.room() > 4:
                s.contact(
                    s.cursor + self.days(1, 4),
                    "letter",
                    "completed",
                    notes="Welcome letter sent with the ways to share information.",
                )
            if rng.random() < 0.3 and s.room() > 6:
                s.contact(s.cursor + self.days(2, 6), "phone", "no_response")
            s.finish_open()
            return s

        if closing in {"moved_away", "left_country", "deceased"} and s.room() < 15:
            self.close_ehe(s, closing)
            return s

        # Initial contact: usually within the 10 working days the council aims for.
        late = rng.random() < 0.12
        first = add_working_days(episode.start, rng.randint(11, 22) if late else rng.randint(1, 9))
        if rng.random() < 0.5:
            s.contact(
                episode.start + self.days(0, 2),
                "letter",
                "completed",
                notes="Welcome letter sent with the ways to share information.",
            )
        initial_type = rng.choice(("initial_contact", "initial_contact", "phone", "email"))
        s.contact(first, initial_type, "completed", notes=rng.choice(texts.INITIAL_CONTACT_NOTES))

        recent = target == EHEStatus.INFORMAL_ENQUIRY and (self.today - episode.start).days < 90
        if recent:
            s.finish_open()
            return s
        if closing == "returned_to_school" and s.room() < 45:
            s.transition(
                s.cursor + self.days(3, 20),
                EHEStatus.RETURNING_TO_SCHOOL,
                "Parent has applied for a school place.",
            )
            self.close_ehe(s, closing)
            return s

        # Plan the ending first, so that the annual cycles fill the time before it.
        suffix_days = self.suffix_length(target, closing)
        suffix_start = until - timedelta(days=suffix_days)
        # Gathering information: a visit, or (the family's choice) a written report.
        gather = s.cursor + self.days(7, 40)
        declined = family.written_only or (pref in {"home_visit"} and rng.random() < 0.03)
        if declined:
            s.contact(
                gather, "home_visit", "visit_declined", notes=rng.choice(texts.DECLINED_NOTES)
            )
            s.contact(
                s.cursor + self.days(10, 35),
                "written_report",
                "information_received",
                notes=rng.choice(texts.REPORT_NOTES),
            )
        else:
            self.visit(s, gather, pref)
        if suffix_start <= s.cursor:
            self.suffix(s, target, closing, suffix_start)
            return s
        s.judgement(
            s.cursor + self.days(0, 10),
            "appears_suitable",
            medical_sen_evidence_considered=child.sen != "none",
        )

        last = self.last_cycle_date(s, target, suffix_start, force_last)
        self.cycles(s, last, exact=force_last is not None)
        self.suffix(s, target, closing, suffix_start)
        return s

    def visit(self, s: Script, on: date, pref: str) -> date:
        rng = self.rng
        contact_type = VISIT_TYPES.get(pref, "home_visit")
        if contact_type == "written_report":
            return s.contact(
                on, "written_report", "information_received", notes=rng.choice(texts.REPORT_NOTES)
            )
        seen = rng.random() < 0.85
        views = rng.choice(texts.CHILD_VIEWS) if seen and rng.random() < 0.5 else ""
        return s.contact(
            on,
            contact_type,
            "completed",
            present="Parent and child" if seen else "Parent",
            child_seen=seen,
            child_views=views,
            parent_consented_to_views=bool(views),
            notes=rng.choice(texts.VISIT_NOTES),
        )

    def suffix_length(self, target: str | None, closing: str | None) -> int:
        r = self.rng.randint
        if target == EHEStatus.SUITABLE:
            return 0
        if target == EHEStatus.INFORMAL_ENQUIRY:
            return r(0, 30)
        if target == EHEStatus.INFORMATION_REQUESTED:
            return r(2, 55)
        # Long enough for each stage's steps to keep their statutory spacing (a reply date to
        # pass, a notice period to end) whatever day the borough is built on.
        if target == EHEStatus.PANEL:
            return r(60, 110)
        if target == EHEStatus.S437_NOTICE:
            return r(95, 150)
        if target == EHEStatus.SAO_PROCESS:
            return r(190, 280)
        if target == EHEStatus.RETURNING_TO_SCHOOL:
            return r(3, 45)
        if closing == "returned_to_school":
            return r(20, 70)
        if closing == "became_cme":
            return r(60, 120)
        return r(0, 40)

    def last_cycle_date(self, s: Script, target, suffix_start: date, force: date | None) -> date:
        """When the last annual contact before the ending happened."""
        if force is not None:
            return max(force, s.cursor)
        if target == EHEStatus.SUITABLE:
            if self.rng.random() < 0.05:
                # Overdue: the annual contact has not happened yet.
                gap = self.rng.randint(367, 440)
            else:
                gap = self.rng.randint(0, 364)
        elif target == EHEStatus.INFORMAL_ENQUIRY:
            gap = self.rng.randint(280, 360)
        else:
            gap = self.rng.randint(20, 330)
        return max(suffix_start - timedelta(days=gap), s.cursor)

    def cycles(self, s: Script, last: date, *, exact: bool = False) -> None:
        """Annual contacts from the first judgement to ``last``, each with a judgement."""
        span = (last - s.cursor).days
        count = round(span / 365.25)
        if span < 200 or count == 0:
            return
        spacing = span / count
        start = s.cursor
        for index in range(1, count + 1):
            on = start + timedelta(days=round(spacing * index))
            if index < count:
                on += self.days(-15, 15)
            next_on = start + timedelta(days=round(spacing * (index + 1)))
            last_one = index == count
            self.annual_cycle(
                s, on, room_until=on if last_one else next_on, same_day=exact and last_one
            )

    def annual_cycle(self, s: Script, on: date, *, room_until: date, same_day: bool = False):
        rng = self.rng
        child = s.child
        family: Family = child.family
        if rng.random() < 0.2 and not same_day:
            s.contact(
                on - self.days(14, 28),
                "letter",
                "completed",
                notes="Annual contact letter sent with the options for sharing information.",
            )
        if rng.random() < 0.15 and not same_day:
            s.transition(s.cursor, EHEStatus.INFORMAL_ENQUIRY, "Annual contact started")
        if child.sen == "ehcp" and rng.random() < 0.4:
            s.contact(
                on, "ehcp_annual_review", "completed", notes=rng.choice(texts.EHCP_REVIEW_NOTES)
            )
        elif family.written_only:
            s.contact(
                on, "written_report", "information_received", notes=rng.choice(texts.REPORT_NOTES)
            )
        else:
            pref = family.people[0].fields["preferred_contact_method"]
            if rng.random() < 0.5:
                s.contact(on, "annual_contact", "completed", notes=rng.choice(texts.ANNUAL_NOTES))
            else:
                self.visit(s, on, pref)
        sen = child.sen != "none"
        # Now and then the information leaves the officer not yet satisfied; the family
        # sends more and the education then appears suitable.
        detour = rng.random()
        spare = (room_until - s.cursor).days
        if detour < FORMAL_DETOUR_RATE and spare > 330:
            self.formal_detour(s)
            return
        if detour < 0.1 and spare > 90:
            s.judgement(
                s.cursor + self.days(0, 7), "not_yet_satisfied", medical_sen_evidence_considered=sen
            )
            s.reply(s.cursor + self.days(10, 30))
            s.judgement(
                s.cursor + self.days(0, 10), "appears_suitable", medical_sen_evidence_considered=sen
            )
            return
        s.judgement(
            s.cursor + (timedelta(0) if same_day else self.days(0, 7)),
            "appears_suitable",
            medical_sen_evidence_considered=sen,
        )

    def to_panel(self, s: Script, base: date | None = None) -> None:
        """Informal enquiries given a fair chance, then a reasoned referral to the panel."""
        sen = s.child.sen != "none"
        declined = s.episode.visit_declined
        base = max(base or s.cursor, s.cursor)
        if s.status != EHEStatus.INFORMATION_REQUESTED:
            s.judgement(
                base + self.days(0, 5),
                "not_yet_satisfied",
                medical_sen_evidence_considered=sen,
                not_based_on_declined_visit=declined,
            )
        decide = s.open_request_reply_by and s.open_request_reply_by + self.days(5, 18)
        # The adverse judgement waits for the reply date to pass, or for the reply (DOMAIN
        # §5.2); where the story has no time left to wait, the family's reply came in.
        if s.open_request_reply_by and (self.rng.random() < 0.3 or decide > s.until):
            s.reply(s.cursor + self.days(14, 27))
        s.judgement(
            min(decide or s.cursor, s.until),
            "does_not_appear_suitable",
            medical_sen_evidence_considered=True,
            not_based_on_declined_visit=declined,
        )

    def s437(self, s: Script) -> None:
        # The panel agrees a notice; serving it is what moves the case (formal_step_record).
        s.formal(s.cursor + self.days(14, 35), "s437_notice")

    def sao(self, s: Script) -> None:
        if s.room() < 18:
            raise PlanError(f"{s.child.key}: no room for the s437 notice period to run")
        # Not satisfied once the notice's period has ended, and it is expedient that the child
        # attend school (s437(3)): the decision is recorded, a notice of intention naming the
        # school is served (s438), and then the order.
        s.judgement(
            s.cursor + self.days(18, 30),
            "does_not_appear_suitable",
            by=MANAGERS[0],
            reasons="Not satisfied by the end of the notice period; it is expedient that the "
            "child attend school.",
            medical_sen_evidence_considered=True,
            not_based_on_declined_visit=s.episode.visit_declined,
        )
        s.formal(s.cursor + self.days(0, 10), "s438_notice")
        s.formal(s.cursor + self.days(25, 50), "sao_served")

    def formal_detour(self, s: Script) -> None:
        """The formal ladder, ending with the education appearing suitable after all."""
        self.to_panel(s)
        self.s437(s)
        sen = s.child.sen != "none"
        if self.rng.random() < 0.65:
            s.judgement(
                s.cursor + self.days(16, 40),
                "appears_suitable",
                by=MANAGERS[0],
                medical_sen_evidence_considered=sen,
            )
            return
        self.sao(s)
        # s442: the parent shows suitable education otherwise; the order is revoked.
        on = s.formal(s.cursor + self.days(30, 100), "sao_revoked")
        s.judgement(on, "appears_suitable", by=MANAGERS[0], medical_sen_evidence_considered=sen)

    def suffix(self, s: Script, target: str | None, closing: str | None, start: date) -> None:
        """The ending: from ``start`` to today (an open case) or to the closure."""
        rng = self.rng
        until = s.until
        sen = s.child.sen != "none"
        if target == EHEStatus.SUITABLE:
            if s.status != EHEStatus.SUITABLE:
                s.judgement(
                    s.cursor + self.days(0, 5),
                    "appears_suitable",
                    medical_sen_evidence_considered=sen,
                )
        elif target == EHEStatus.INFORMAL_ENQUIRY:
            if s.status == EHEStatus.SUITABLE:
                on = until - self.days(0, 25)
                if rng.random() < 0.6:
                    s.contact(
                        on,
                        "letter",
                        "completed",
                        notes="Annual contact letter sent with the options for sharing "
                        "information.",
                    )
                s.transition(s.cursor, EHEStatus.INFORMAL_ENQUIRY, "Annual contact started")
        elif target == EHEStatus.INFORMATION_REQUESTED:
            on = until - self.days(1, 50)
            if s.status == EHEStatus.SUITABLE and rng.random() < 0.5:
                s.request(on)
            else:
                s.judgement(
                    on,
                    "not_yet_satisfied",
                    medical_sen_evidence_considered=sen,
                    not_based_on_declined_visit=s.episode.visit_declined,
                )
            if rng.random() < 0.15 and s.room() > 10:
                s.reply(s.cursor + self.days(5, 10))
        elif target in FORMAL_STAGES:
            self.to_panel(s, start)
            if target != EHEStatus.PANEL:
                self.s437(s)
            if target == EHEStatus.SAO_PROCESS:
                self.sao(s)
        elif target == EHEStatus.RETURNING_TO_SCHOOL:
            if rng.random() < 0.12 and s.room() > 120:
                self.to_panel(s)
                self.s437(s)
            s.transition(
                until - self.days(0, 40),
                EHEStatus.RETURNING_TO_SCHOOL,
                "Parent has applied for a school place.",
            )
        if target is not None:
            s.finish_open()
            return
        if closing == "returned_to_school":
            if rng.random() < 0.2 and s.room() > 210:
                self.to_panel(s)
                self.s437(s)
                if rng.random() < 0.45:
                    self.sao(s)
            s.transition(
                until - self.days(14, 50),
                EHEStatus.RETURNING_TO_SCHOOL,
                "School place offered; start date agreed.",
            )
        elif closing == "became_cme" and s.status not in {
            EHEStatus.INFORMATION_REQUESTED,
            EHEStatus.SAO_PROCESS,
        }:
            s.judgement(
                max(start, s.cursor) + self.days(0, 10),
                "not_yet_satisfied",
                medical_sen_evidence_considered=sen,
                not_based_on_declined_visit=s.episode.visit_declined,
            )
        self.close_ehe(s, closing)

    def close_ehe(self, s: Script, reason: str) -> None:
        rng = self.rng
        notes = ""
        by: str | None | bool = True
        if reason == "ceased_csa":
            # The daily job closes these the day after the last day of compulsory school
            # age; the Year 11 post-16 advice referral was made in the spring.
            advice = s.until - self.days(130, 190)
            if advice > s.cursor and rng.random() < 0.85:
                s.add(s.when(advice), "post16_advice", notes="Referred to the careers service.")
            by = None
            notes = "Closed automatically: no longer of compulsory school age"
        elif reason == "other":
            notes = rng.choice(texts.CLOSURE_OTHER_NOTES)
        elif reason == "moved_away":
            notes = "Moved to another council area; records sent to that council."
        elif reason == "left_country":
            notes = "Family confirmed they have moved abroad."
        elif reason == "became_cme":
            notes = "No suitable education; now followed up as a child missing education."
        s.close(s.until, reason, notes, by=by)
        if reason == "moved_away":
            s.add(s.until, "address", MANAGERS[0], **self.address(in_area=False))

    def acknowledge_alerts_if_known_to_social_care(self, child, episode, s: Script) -> None:
        """A manager sees the alert for a CIN, CPP or looked-after child starting home
        education, or a child on a plan or looked after going missing from education, and
        acknowledges it within days, unless it has only just arrived."""
        # A CME case also alerts for a safeguarding concern in the year before it; the step
        # acknowledges whatever alerts are waiting, so it is harmless where there are none.
        if episode.kind == EpisodeKind.EHE and child.csc == "none":
            return
        if episode.kind == EpisodeKind.INVOLVEMENT:
            return
        on = add_working_days(episode.start, self.rng.randint(1, 4))
        if on <= s.until and on <= self.today - timedelta(days=10):
            s.child.steps.append(Step(on, "acknowledge_alerts", MANAGERS[0], episode.key))
