"""The shape of a planned borough: the figures DOMAIN.md §8 and §9 describe, counted from the
plan alone, so the generator can be tuned and tested without a database."""

from __future__ import annotations

from collections import Counter
from datetime import date

from policy.calendar import TERMS, academic_year, default_census_date
from policy.deadlines import add_months
from policy.workflow import CLOSED, EpisodeKind

from .plan import BoroughPlan, EpisodePlan


def _in_force(episode: EpisodePlan, on: date) -> bool:
    # DOMAIN §8: started on or before the date and not ended by it.
    return episode.start <= on and (episode.end is None or episode.end > on)


def _unsuitable_on(episode: EpisodePlan, on: date) -> bool:
    return any(start <= on and (end is None or end > on) for start, end in episode.unsuitable)


def census_counts(plan: BoroughPlan, on: date) -> tuple[int, int]:
    """(EHE, CME) children on ``on``; an EHE child judged unsuitable counts as CME."""
    ehe = cme = 0
    for child in plan.children:
        is_ehe = is_cme = False
        for episode in child.episodes:
            if not _in_force(episode, on):
                continue
            if episode.kind == EpisodeKind.EHE:
                if _unsuitable_on(episode, on):
                    is_cme = True
                else:
                    is_ehe = True
            elif episode.kind == EpisodeKind.CME:
                is_cme = True
        ehe += is_ehe
        cme += is_cme
    return ehe, cme


def shape(plan: BoroughPlan) -> dict:
    today = plan.today
    episodes = [(child, e) for child in plan.children for e in child.episodes]
    ehe = [e for _, e in episodes if e.kind == EpisodeKind.EHE]
    cme = [e for _, e in episodes if e.kind == EpisodeKind.CME]
    involvements = [e for _, e in episodes if e.kind == EpisodeKind.INVOLVEMENT]
    # The three years of full history: every census in them, and each academic year that
    # lies wholly inside them, then the year so far.
    history_from = add_months(today, -36)
    censuses = {}
    for year in range(academic_year(history_from), academic_year(today) + 1):
        for term in TERMS:
            on = default_census_date(year, term)
            if history_from <= on <= today:
                censuses[f"{year}/{(year + 1) % 100:02d} {term}"] = census_counts(plan, on)
    years = {}
    first_whole_year = academic_year(history_from) + (
        0 if history_from.month == 9 and history_from.day == 1 else 1
    )
    for year in range(first_whole_year, academic_year(today) + 1):
        begin, end = date(year, 9, 1), date(year + 1, 8, 31)

        def during(d, begin=begin, end=end):
            return d is not None and begin <= d <= end

        years[f"{year}/{(year + 1) % 100:02d}"] = {
            "ehe_at_any_point": sum(
                1 for e in ehe if e.start <= end and (e.end is None or e.end >= begin)
            ),
            "starts": sum(1 for e in ehe if during(e.start)),
            "returns": sum(
                1 for e in ehe if during(e.end) and e.closure_reason == "returned_to_school"
            ),
            "other_leavers": sum(
                1 for e in ehe if during(e.end) and e.closure_reason != "returned_to_school"
            ),
            "s437_notices": sum(
                1 for e in ehe for kind, on in e.formal if kind == "s437_notice" and during(on)
            ),
            "saos": sum(
                1 for e in ehe for kind, on in e.formal if kind == "sao_served" and during(on)
            ),
            "sao_revoked": sum(
                1 for e in ehe for kind, on in e.formal if kind == "sao_revoked" and during(on)
            ),
            "involvements_remained_in_school": sum(
                1
                for e in involvements
                if during(e.end) and e.closure_reason == "remained_in_school"
            ),
        }
    open_ehe = Counter(str(e.status) for e in ehe if e.status != CLOSED)
    caseload = Counter(e.officer for _, e in episodes if e.status != CLOSED)
    return {
        "children": len(plan.children),
        "open_ehe": sum(open_ehe.values()),
        "open_ehe_by_status": dict(sorted(open_ehe.items())),
        "open_cme": sum(1 for e in cme if e.status != CLOSED),
        "open_cme_by_status": dict(
            sorted(Counter(str(e.status) for e in cme if e.status != CLOSED).items())
        ),
        "open_involvements": sum(1 for e in involvements if e.status != CLOSED),
        "ehe_closures": dict(sorted(Counter(e.closure_reason for e in ehe if e.end).items())),
        "cme_closures": dict(sorted(Counter(e.closure_reason for e in cme if e.end).items())),
        "involvement_outcomes": dict(
            sorted(Counter(e.closure_reason for e in involvements if e.end).items())
        ),
        "declined_visit_children": sum(
            1 for child in plan.children if any(e.visit_declined for e in child.episodes)
        ),
        "open_caseload": {
            str(k): v for k, v in sorted(caseload.items(), key=lambda kv: str(kv[0]))
        },
        "census": censuses,
        "years": years,
    }
