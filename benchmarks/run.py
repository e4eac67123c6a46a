"""Casework benchmarks at England scale: our read paths against hand-written SQL.

Run with ``make bench`` (PostgreSQL). Prints, for each measurement, the median time of our
path, of the reference path, their ratio, and the number of queries our path ran. Absolute
times on a shared machine are noise; the ratio and the query count are the figures to watch.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = England, autumn 2025")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the dataset")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ehe.settings.dev")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (make bench does this).")
    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks import dataset
    from cases.models import Child, Episode
    from cases.selectors import CaseloadFilters, caseload, child_page, team_workload
    from cases.selectors.frontdoor import triage_count, triage_page
    from cases.services import refresh_due_dates

    call_command("migrate", verbosity=0)
    today = date(2026, 11, 20)
    if args.rebuild or not Episode.objects.exists():
        started = time.perf_counter()
        counts = dataset.build(scale=args.scale, today=today)
        dataset.long_history_child(today=today)
        print(f"dataset built in {time.perf_counter() - started:.0f}s: {counts}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    busiest = (
        Episode.objects.exclude(status="closed")
        .values("allocated_officer")
        .order_by()
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")
        .first()
    )
    officer_id, officer_cases = busiest["allocated_officer"], busiest["n"]
    long_child = Child.objects.get(legal_first_name="Long", legal_last_name="History")

    def timed(fn):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    def queries(fn):
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    def raw(sql, params=()):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    ours_caseload = lambda: list(caseload(CaseloadFilters(officer_id=officer_id), today=today)[:50])
    ref_caseload = raw(
        "SELECT e.id, e.status, e.next_due_on, c.legal_first_name, c.legal_last_name, u.username "
        "FROM cases_episode e JOIN cases_child c ON c.id = e.child_id "
        "LEFT JOIN ehe_user u ON u.id = e.allocated_officer_id "
        "WHERE e.allocated_officer_id = %s AND e.status <> 'closed' "
        "ORDER BY e.next_due_on, e.id LIMIT 50",
        (officer_id,),
    )
    ours_overdue = lambda: list(
        caseload(CaseloadFilters(overdue=True, sort="name"), today=today)[:50]
    )
    ref_overdue = raw(
        "SELECT e.id, c.legal_last_name FROM cases_episode e JOIN cases_child c "
        "ON c.id = e.child_id LEFT JOIN ehe_user u ON u.id = e.allocated_officer_id "
        "WHERE e.status <> 'closed' AND e.next_due_on < %s "
        "ORDER BY c.legal_last_name, c.legal_first_name, e.id LIMIT 50",
        (today,),
    )
    ours_team = lambda: team_workload(today=today)
    ref_team = raw(
        "SELECT allocated_officer_id, count(*), count(*) FILTER (WHERE next_due_on < %s) "
        "FROM cases_episode WHERE status <> 'closed' GROUP BY allocated_officer_id",
        (today,),
    )
    ours_child = lambda: child_page(long_child.pk, today=today)
    ref_child = raw(
        "SELECT 'contact', ct.occurred_on, u.username FROM cases_contact ct "
        "JOIN cases_episode e ON e.id = ct.episode_id JOIN ehe_user u ON u.id = ct.officer_id "
        "WHERE e.child_id = %s UNION ALL "
        "SELECT 'event', ev.occurred_on, u.username FROM cases_episodeevent ev "
        "JOIN cases_episode e ON e.id = ev.episode_id LEFT JOIN ehe_user u ON u.id = ev.by_id "
        "WHERE e.child_id = %s ORDER BY 2 DESC",
        (long_child.pk, long_child.pk),
    )
    ours_refresh = lambda: refresh_due_dates(today=today)
    ref_refresh = raw(
        "SELECT e.id, max(ct.occurred_on), max(j.decided_on) FROM cases_episode e "
        "LEFT JOIN cases_contact ct ON ct.episode_id = e.id "
        "LEFT JOIN cases_judgement j ON j.episode_id = e.id "
        "WHERE e.kind = 'ehe' AND e.status <> 'closed' GROUP BY e.id"
    )

    ours_triage = lambda: triage_page(types=None, page_number=1, today=today)
    ref_triage = raw(
        "SELECT id, start_date FROM cases_episode WHERE (kind = 'ehe' AND status = 'new') "
        "OR (kind = 'cme' AND status = 'referred') "
        "OR (kind = 'involvement' AND status = 'open' AND allocated_officer_id IS NULL) "
        "ORDER BY start_date, id LIMIT 50"
    )
    ours_triage_count = triage_count
    ref_triage_count = raw(
        "SELECT count(*) FROM cases_episode WHERE (kind = 'ehe' AND status = 'new') "
        "OR (kind = 'cme' AND status = 'referred') "
        "OR (kind = 'involvement' AND status = 'open' AND allocated_officer_id IS NULL)"
    )

    rows = [
        ("triage queue, first page of 50", ours_triage, ref_triage),
        ("triage count (every casework page)", ours_triage_count, ref_triage_count),
        (
            f"caseload, busiest officer ({officer_cases} open), first 50",
            ours_caseload,
            ref_caseload,
        ),
        ("overdue across the country, by name, first 50", ours_overdue, ref_overdue),
        ("team workload, every officer", ours_team, ref_team),
        ("child page, 800-item history", ours_child, ref_child),
        ("daily due-date refresh, every open EHE case", ours_refresh, ref_refresh),
    ]
    print(f"\n{'measurement':<58}{'ours':>10}{'reference':>11}{'ratio':>8}{'queries':>9}")
    for name, ours, reference in rows:
        repeat = 1 if "refresh" in name else args.repeat
        args_repeat, args.repeat = args.repeat, repeat
        ours_s, ref_s = timed(ours), timed(reference)
        args.repeat = args_repeat
        print(
            f"{name:<58}{ours_s * 1000:>8.1f}ms{ref_s * 1000:>9.1f}ms"
            f"{ours_s / ref_s:>8.2f}{queries(ours) if repeat > 1 else '-':>9}"
        )


if __name__ == "__main__":
    main()
