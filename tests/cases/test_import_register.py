"""``manage.py import_register``: bringing an existing register in (issue 3, part 7).

Files are built from the good example in tests/cases/data/register_good.csv; every person in
them is invented. The service's "today" is fixed at 2026-11-20 so that dates in the files are
never in the future.
"""

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.importing.histories import Held, Span, reconcile
from cases.importing.register import COLUMNS
from cases.importing.register_rules import END_REASONS, closure_for, imported_status
from cases.models import (
    Alert,
    AuditEntry,
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    Episode,
    EpisodeEvent,
    FormalStep,
    UnsuitablePeriod,
)
from ehe.roles import Role
from policy.vocab import CME_CLOSURE_OUTCOMES, EHE_CLOSURE_REASONS

from .factories import ChildFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
GOOD = DATA / "register_good.csv"


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")))


def good_rows() -> list[dict[str, str]]:
    with GOOD.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict], columns=COLUMNS, encoding="utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("import_register", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(path: Path, *args) -> tuple[str, list[str]]:
    """Run an import that must fail; return the error and the lines written to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_register", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def snapshot() -> dict:
    """Every row the import can touch, with versions and timestamps, to compare exactly."""
    return {
        "children": list(Child.objects.order_by("pk").values()),
        "episodes": list(Episode.objects.order_by("pk").values()),
        "events": list(EpisodeEvent.objects.order_by("pk").values()),
        "audit": list(AuditEntry.objects.order_by("pk").values()),
        "addresses": list(ChildAddress.objects.order_by("pk").values()),
        "sen": list(ChildSENStatus.objects.order_by("pk").values()),
        "csc": list(ChildCSCStatus.objects.order_by("pk").values()),
        "steps": list(FormalStep.objects.order_by("pk").values()),
        "periods": list(UnsuitablePeriod.objects.order_by("pk").values()),
        "alerts": list(Alert.objects.order_by("pk").values()),
    }


def nothing_saved() -> bool:
    return not any(snapshot().values())


def episode(ref: str) -> Episode:
    return Episode.objects.select_related("child").get(record_ref=ref)


# --- A good file -------------------------------------------------------------------------


def test_good_file_imports_children_and_episodes_with_counts():
    out = run(GOOD)

    assert "9 rows read" in out
    assert "Children: 8 created, 0 updated, 0 unchanged" in out
    assert "Episodes: 9 created, 0 updated, 0 unchanged" in out
    assert Child.objects.count() == 8
    assert Episode.objects.count() == 9
    assert set(Episode.objects.values_list("source", flat=True)) == {"imported"}
    robin = Child.objects.get(external_ref="C001")
    assert (robin.legal_first_name, robin.legal_last_name) == ("Robin", "Ashdown")
    assert robin.date_of_birth == date(2012, 3, 14)
    assert (robin.sex, robin.upn) == ("F", "X801201200001")
    # A child whose rows never give a sex is recorded as Unknown.
    assert Child.objects.get(external_ref="C003").sex == "U"
    # Two rows with child_ref C002 are one child with two episodes.
    assert Child.objects.get(external_ref="C002").episodes.count() == 2


def test_statuses_and_closures_follow_the_documented_rules():
    run(GOOD)

    expected = {
        "R001": ("suitable", ""),  # open EHE, no formal dates
        "R002": ("closed", "returned_to_school"),
        "R003": ("enquiries", ""),  # open CME
        "R004": ("sao_process", ""),  # order served, not revoked
        "R005": ("closed", "other"),
        "R006": ("closed", "other_council_area"),  # CME moved_away
        "R007": ("s437_notice", ""),
        "R008": ("panel", ""),  # unsuitable_from only
        "R009": ("closed", "untraced"),  # CME became_cme
    }
    actual = {
        e.record_ref: (e.status, e.closure_reason) for e in Episode.objects.order_by("record_ref")
    }
    assert actual == expected
    assert episode("R005").end_date == date(2024, 7, 19)
    assert "other" in episode("R005").closure_notes
    assert "became_cme" in episode("R009").closure_notes
    assert episode("R001").primary_reason == "mental_health"
    assert episode("R001").previous_school_type == "la_maintained"
    assert episode("R007").previous_school_type == "special"
    # Blank reasons: "Unknown" for EHE, "Not recorded" for CME.
    assert episode("R004").primary_reason == "unknown"
    assert episode("R009").primary_reason == "not_recorded"
    assert episode("R003").primary_reason == "moved_in_from_another_la"


def test_dated_histories_cover_each_episode():
    run(GOOD)

    sam = Child.objects.get(external_ref="C002")
    assert list(
        ChildCSCStatus.objects.filter(child=sam)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "status")
    ) == [
        (date(2023, 1, 16), date(2025, 4, 1), "cin"),
        (date(2025, 5, 1), None, "none"),
    ]
    assert ChildCSCStatus.objects.as_at(date(2024, 1, 1)).get(child=sam).status == "cin"
    assert not ChildCSCStatus.objects.as_at(date(2025, 4, 15)).filter(child=sam).exists()
    # The address runs from the earliest start; a new postcode starts a new address.
    assert list(
        ChildAddress.objects.filter(child=sam)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "postcode", "in_area")
    ) == [
        (date(2023, 1, 16), date(2025, 5, 1), "ZZ2 2ZZ", True),
        (date(2025, 5, 1), None, "ZZ3 3ZZ", True),
    ]
    robin = Child.objects.get(external_ref="C001")
    assert list(ChildSENStatus.objects.filter(child=robin).values_list("status", "valid_to")) == [
        ("sen_support", None)
    ]
    # Blank SEN and CSC statuses add no history.
    assert not ChildSENStatus.objects.filter(child__external_ref="C007").exists()


def test_formal_steps_and_unsuitable_periods():
    run(GOOD)

    assert list(
        FormalStep.objects.filter(episode__record_ref="R005")
        .order_by("occurred_on")
        .values_list("kind", "occurred_on")
    ) == [
        ("s437_notice", date(2023, 5, 2)),
        ("sao_served", date(2023, 7, 3)),
        ("sao_revoked", date(2024, 1, 15)),
    ]
    # Revocation resolves the unsuitability judged before it.
    assert list(
        UnsuitablePeriod.objects.filter(episode__record_ref="R005").values_list(
            "valid_from", "valid_to"
        )
    ) == [(date(2023, 4, 20), date(2024, 1, 15))]
    assert list(
        UnsuitablePeriod.objects.filter(episode__record_ref="R004").values_list(
            "valid_from", "valid_to"
        )
    ) == [(date(2025, 2, 10), None)]
    assert list(
        UnsuitablePeriod.objects.filter(episode__record_ref="R008").values_list(
            "valid_from", "valid_to"
        )
    ) == [(date(2026, 3, 2), None)]
    assert FormalStep.objects.count() == 6
    assert UnsuitablePeriod.objects.count() == 3


def test_every_import_is_audited_and_recorded_as_events():
    run(GOOD)

    children = Child.objects.all()
    episodes = Episode.objects.all()
    audit = AuditEntry.objects.filter(action="import", channel="import")
    assert audit.count() == len(children) + len(episodes)
    assert set(audit.filter(object_type="cases.child").values_list("object_id", flat=True)) == {
        str(c.pk) for c in children
    }
    assert set(audit.filter(object_type="cases.episode").values_list("object_id", flat=True)) == {
        str(e.pk) for e in episodes
    }
    assert set(audit.values_list("actor", flat=True)) == {None}
    opened = EpisodeEvent.objects.filter(action="opened")
    assert opened.count() == 9
    assert all(e.by is None and e.data == {"source": "import"} for e in opened)
    r001 = opened.get(episode__record_ref="R001")
    assert (r001.occurred_on, r001.to_status) == (date(2024, 9, 10), "suitable")
    closed = EpisodeEvent.objects.get(action="closed", episode__record_ref="R002")
    assert closed.occurred_on == date(2025, 4, 1)
    assert closed.data == {"source": "import", "closure_reason": "returned_to_school"}


def test_by_option_attributes_the_audit_entries(make_user):
    user = make_user(Role.MANAGER, username="importer")

    run(GOOD, "--by", "importer")

    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {user.pk}
    assert set(FormalStep.objects.values_list("recorded_by", flat=True)) == {user.pk}


def test_unknown_by_user_is_refused_before_anything_is_read():
    message, _ = refused(GOOD, "--by", "nobody")

    assert "nobody" in message
    assert nothing_saved()


def test_open_ehe_child_with_child_protection_plan_alerts_a_manager():
    run(GOOD)

    alert = Alert.objects.get()
    assert (alert.kind, alert.episode.record_ref) == ("csc_child_ehe", "R004")


def test_open_ehe_episodes_get_due_dates():
    run(GOOD)

    r001 = episode("R001")
    # No contact is recorded yet, so the next contact falls due 12 months after the start.
    assert (r001.next_due_on, r001.next_due_kind) == (date(2025, 9, 10), "next_contact")
    assert episode("R002").next_due_on is None


def test_header_order_may_vary(tmp_path):
    columns = list(reversed(COLUMNS))
    path = write_csv(tmp_path / "reordered.csv", good_rows(), columns=columns)

    out = run(path)

    assert "Episodes: 9 created" in out
    assert episode("R004").status == "sao_process"


def test_utf8_with_byte_order_mark_and_windows_1252_are_both_read(tmp_path):
    rows = good_rows()
    rows[0]["first_name"] = "Zoë"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + write_csv(tmp_path / "x.csv", rows).read_bytes())
    run(bom)
    assert Child.objects.get(external_ref="C001").legal_first_name == "Zoë"

    rows[0]["first_name"] = "Renée"
    run(write_csv(tmp_path / "cp1252.csv", rows, encoding="cp1252"))
    assert Child.objects.get(external_ref="C001").legal_first_name == "Renée"


# --- Bad files: nothing saved, every problem named ----------------------------------------


def test_one_bad_row_imports_nothing_and_names_line_column_and_reason(tmp_path):
    rows = good_rows()
    rows[2]["start_date"] = "01/05/2025"  # file line 4
    path = write_csv(tmp_path / "bad.csv", rows)

    message, errors = refused(path)

    assert "Nothing was imported" in message
    assert errors == [
        "line 4, column start_date: Not a date in the form YYYY-MM-DD (got '01/05/2025')"
    ]
    assert nothing_saved()


def test_every_bad_row_is_reported(tmp_path):
    rows = good_rows()
    rows[0]["sex"] = "X"  # line 2
    rows[1]["end_reason"] = ""  # line 3: end date without a reason
    rows[3]["upn"] = "A123"  # line 5
    rows[4]["reason"] = "Bored"  # line 6
    rows[5]["unsuitable_from"] = "2025-10-02"  # line 7: CME row
    rows[6]["previous_school_type"] = "Grammar"  # line 8
    rows[7]["start_date"] = "2012-01-01"  # line 9: before the date of birth
    rows[8]["end_date"] = "2027-01-01"  # line 10: in the future
    path = write_csv(tmp_path / "bad.csv", rows)

    message, errors = refused(path)

    assert "8 rows" in message
    where = [e.split(":")[0] for e in errors]
    assert where == [
        "line 2, column sex",
        "line 3, column end_reason",
        "line 5, column upn",
        "line 6, column reason",
        "line 7, column unsuitable_from",
        "line 8, column previous_school_type",
        "line 9, column start_date",
        "line 10, column end_date",
    ]
    assert "line 3, column end_reason: A row with an end date needs an end reason" in errors
    assert "line 5, column upn: A UPN has 13 characters" in errors
    assert "line 9, column start_date: The episode starts before the child's date of birth" in (
        errors
    )
    assert nothing_saved()


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"episode_type": "XYZ"}, "episode_type", "Use EHE or CME"),
        ({"end_date": "2022-12-01"}, "end_date", "before the start date"),
        ({"end_date": "", "end_reason": "moved_away"}, "end_date", "needs an end date"),
        ({"end_reason": "bored"}, "end_reason", "is not allowed"),
        ({"sen_status": "statement"}, "sen_status", "is not allowed"),
        ({"csc_status": "cp"}, "csc_status", "is not allowed"),
        ({"postcode": "NOT A POSTCODE"}, "postcode", "not a UK postcode"),
        ({"date_of_birth": "2012-02-30"}, "date_of_birth", "Not a date"),
        ({"first_name": ""}, "first_name", "Give the first name"),
        ({"record_ref": ""}, "record_ref", "Give the record reference"),
        ({"upn": "N801201200002"}, "upn", "check letter"),
        ({"s437_served_date": "2022-01-01"}, "s437_served_date", "before the episode's start"),
        ({"sao_revoked_date": "2025-01-01"}, "sao_revoked_date", "only after one was served"),
        ({"unsuitable_from": "2025-04-01"}, "unsuitable_from", "end date, so it would count"),
    ],
)
def test_each_rule_names_its_column(tmp_path, change, column, reason):
    rows = good_rows()
    rows[1].update(change)  # R002, a closed EHE episode, file line 3
    path = write_csv(tmp_path / "bad.csv", rows)

    _, errors = refused(path)

    assert any(e.startswith(f"line 3, column {column}:") and reason in e for e in errors), errors
    assert nothing_saved()


def test_order_served_before_the_notice_is_refused(tmp_path):
    rows = good_rows()
    rows[3]["sao_served_date"] = "2025-03-01"  # R004: notice served 2025-03-03
    _, errors = refused(write_csv(tmp_path / "bad.csv", rows))

    assert errors == ["line 5, column sao_served_date: The order is served before the s437 notice"]


def test_extra_column_is_refused_and_named(tmp_path):
    rows = good_rows()
    for row in rows:
        row["nickname"] = "x"
    path = write_csv(tmp_path / "extra.csv", rows, columns=[*COLUMNS, "nickname"])

    message, errors = refused(path)

    assert len(errors) == 1
    assert errors[0].startswith("line 1: Unexpected columns: nickname.")
    assert "record_ref" in errors[0]  # it lists the columns the file must have
    assert nothing_saved()


def test_missing_columns_are_refused_and_named(tmp_path):
    columns = [c for c in COLUMNS if c not in {"upn", "unsuitable_from"}]
    path = write_csv(tmp_path / "missing.csv", good_rows(), columns=columns)

    _, errors = refused(path)

    assert errors == ["line 1: Missing columns: upn, unsuitable_from"]
    assert nothing_saved()


def test_empty_file_and_header_only_file_are_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _, errors = refused(empty)
    assert errors == ["line 1: The file is empty: the first line must name the columns"]

    header_only = write_csv(tmp_path / "header.csv", [])
    _, errors = refused(header_only)
    assert errors == ["file: The file has a header row but no rows to import"]


def test_row_with_the_wrong_number_of_values_is_reported(tmp_path):
    path = write_csv(tmp_path / "ok.csv", good_rows())
    text = path.read_text().splitlines()
    text[3] = text[3] + ",surplus"
    path.write_text("\n".join(text) + "\n")

    _, errors = refused(path)

    assert errors == ["line 4: This row has 21 values but the header names 20 columns"]


def test_line_numbers_count_physical_lines_when_a_value_spans_two(tmp_path):
    rows = good_rows()
    rows[0]["last_name"] = "Ash\ndown"  # quoted over lines 2-3
    rows[1]["sex"] = "Q"  # so R002 starts on line 4
    _, errors = refused(write_csv(tmp_path / "multi.csv", rows))

    assert errors[0].startswith("line 4, column sex:")


def test_rows_for_one_child_that_disagree_are_each_reported(tmp_path):
    rows = good_rows()
    rows[2]["first_name"] = "Samuel"  # line 4 disagrees with line 3 about C002
    rows[2]["date_of_birth"] = "2013-06-02"

    _, errors = refused(write_csv(tmp_path / "bad.csv", rows))

    assert [e.split(":")[0] for e in errors] == [
        "line 3, column date_of_birth",
        "line 3, column first_name",
        "line 4, column date_of_birth",
        "line 4, column first_name",
    ]
    assert all("child_ref C002 disagree" in e and "lines 3, 4" in e for e in errors)
    # Names and dates of birth are personal data: the report does not repeat them.
    assert not any("Samuel" in e or "2013-06-0" in e for e in errors)
    assert nothing_saved()


def test_same_upn_for_two_children_is_refused(tmp_path):
    rows = good_rows()
    rows[3]["upn"] = rows[0]["upn"]  # C003 given C001's UPN

    _, errors = refused(write_csv(tmp_path / "bad.csv", rows))

    assert errors == [
        "line 2, column upn: The same UPN is given for another child: child_ref C003",
        "line 5, column upn: The same UPN is given for another child: child_ref C001",
    ]


def test_repeated_record_ref_is_refused(tmp_path):
    rows = good_rows()
    rows[4]["record_ref"] = "R001"
    _, errors = refused(write_csv(tmp_path / "bad.csv", rows))

    assert errors == [
        "line 6, column record_ref: record_ref R001 is also on line 2; each episode has its "
        "own reference"
    ]


def test_overlapping_and_two_open_episodes_of_one_kind_are_refused(tmp_path):
    rows = good_rows()
    second_open = dict(rows[0], record_ref="R101", start_date="2025-01-01")
    overlapping = dict(
        rows[1], record_ref="R102", start_date="2025-03-01", end_date="2025-06-01", csc_status=""
    )
    rows += [second_open, overlapping]

    _, errors = refused(write_csv(tmp_path / "bad.csv", rows))

    assert errors == [
        "line 2, column start_date: The child would have two open EHE episodes: this one and "
        "the one on line 11",
        "line 3, column start_date: This EHE episode's dates overlap the one on line 12",
        "line 11, column start_date: The child would have two open EHE episodes: this one and "
        "the one on line 2",
        "line 12, column start_date: This EHE episode's dates overlap the one on line 3",
    ]
    assert nothing_saved()


def test_episode_that_would_overlap_one_already_held_is_refused(tmp_path):
    run(GOOD)
    sam = Child.objects.get(external_ref="C002")
    EHEEpisodeFactory(child=sam, start_date=date(2025, 8, 1), status="suitable")
    before = snapshot()
    rows = good_rows() + [dict(good_rows()[1], record_ref="R201", start_date="2025-09-01")]
    rows[-1].update(end_date="", end_reason="", csc_status="none")

    _, errors = refused(write_csv(tmp_path / "more.csv", rows))

    assert errors == [
        "line 11, column start_date: The child would have two open EHE episodes: this one "
        "and one the service already holds (started 2025-08-01)"
    ]
    assert snapshot() == before


def test_upn_already_held_by_another_child_is_refused(tmp_path):
    ChildFactory(upn="X801201200001")

    _, errors = refused(GOOD)

    assert errors == [
        "line 2, column upn: The service already holds this UPN for a child not brought in "
        "from a register"
    ]
    assert Episode.objects.count() == 0


def test_a_upn_in_lower_case_with_spaces_is_stored_in_capitals_without_them(tmp_path):
    rows = good_rows()
    rows[0]["upn"] = " x801 2012 00001 "
    run(write_csv(tmp_path / "spaced.csv", rows))
    assert Child.objects.get(external_ref="C001").upn == "X801201200001"
    # The same UPN written differently on two children's rows is still one UPN.
    rows.append(dict(rows[1], record_ref="R011", child_ref="C011", upn="X801201200001"))
    _, errors = refused(write_csv(tmp_path / "twice.csv", rows))
    assert any("The same UPN is given for another child: child_ref C001" in e for e in errors)


def test_a_upn_from_no_recognised_local_authority_is_refused_with_that_reason(tmp_path):
    from policy.upn import upn_check_letter

    rows = good_rows()
    rows[0]["upn"] = upn_check_letter("999201200001") + "999201200001"
    _, errors = refused(write_csv(tmp_path / "la.csv", rows))
    assert errors == [
        "line 2, column upn: The UPN's local authority number (999, characters 2 to 4) is not "
        "one that DfE recognises"
    ]
    assert nothing_saved()


def test_imported_children_are_found_by_search_and_renames_refresh_it(tmp_path, make_user):
    from cases.selectors import child_search

    officer = make_user(Role.OFFICER)
    rows = good_rows()
    rows[0]["last_name"] = "O'Brien-Ashdown"
    run(write_csv(tmp_path / "first.csv", rows))
    robin = Child.objects.get(external_ref="C001")
    assert [c.pk for c in child_search(officer, name="obrien")] == [robin.pk]
    assert [c.pk for c in child_search(officer, name="robin ashdown")] == [robin.pk]

    rows[0]["last_name"] = "Nuñez"
    run(write_csv(tmp_path / "renamed.csv", rows))
    assert [c.pk for c in child_search(officer, name="nunez")] == [robin.pk]
    assert not child_search(officer, name="obrien").exists()


def test_dry_run_saves_nothing_and_says_what_would_happen():
    out = run(GOOD, "--dry-run")

    assert "Dry run: the file is valid and nothing was saved." in out
    assert "Children: 8 created, 0 updated, 0 unchanged" in out
    assert "Episodes: 9 created" in out
    assert nothing_saved()


def test_dry_run_of_a_bad_file_reports_and_fails(tmp_path):
    rows = good_rows()
    rows[0]["sex"] = "X"
    _, errors = refused(write_csv(tmp_path / "bad.csv", rows), "--dry-run")

    assert errors[0].startswith("line 2, column sex:")


# --- Re-importing -------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing_at_all():
    run(GOOD)
    before = snapshot()

    out = run(GOOD)

    assert "Children: 0 created, 0 updated, 8 unchanged" in out
    assert "Episodes: 0 created, 0 updated, 9 unchanged" in out
    assert "Nothing was changed." in out
    assert snapshot() == before


def test_reimport_after_casework_keeps_the_casework(officer):
    run(GOOD)
    r001 = episode("R001")
    Episode.objects.filter(pk=r001.pk).update(status="informal_enquiry", version=5)
    ChildSENStatus.objects.filter(child=r001.child).update(valid_to=date(2026, 10, 1))
    ChildSENStatus.objects.create(child=r001.child, status="ehcp", valid_from=date(2026, 10, 1))
    before = snapshot()

    out = run(GOOD)

    assert "Nothing was changed." in out
    assert snapshot() == before


def test_reimporting_a_changed_file_updates_only_the_changed_rows(tmp_path):
    run(GOOD)
    before = {e.record_ref: (e.version, e.updated_at) for e in Episode.objects.all()}
    children_before = {c.external_ref: (c.version, c.updated_at) for c in Child.objects.all()}
    audit_before = AuditEntry.objects.count()
    rows = good_rows()
    rows[0]["reason"] = "Lifestyle"  # R001: reason corrected
    rows[2].update(end_date="2026-06-30", end_reason="returned_to_school")  # R003 closes
    rows[3]["last_name"] = "Cedar-Oak"  # C003 renamed
    rows.append(dict(rows[0], record_ref="R010", child_ref="C010", upn="", first_name="Nat"))

    out = run(write_csv(tmp_path / "changed.csv", rows))

    assert "Children: 1 created, 1 updated, 7 unchanged" in out
    assert "Episodes: 1 created, 2 updated, 7 unchanged" in out
    after = {e.record_ref: (e.version, e.updated_at) for e in Episode.objects.all()}
    changed = {ref for ref in before if after[ref] != before[ref]}
    assert changed == {"R001", "R003"}
    assert after["R001"][0] == before["R001"][0] + 1
    children_after = {c.external_ref: (c.version, c.updated_at) for c in Child.objects.all()}
    assert {ref for ref in children_before if children_after[ref] != children_before[ref]} == {
        "C003"
    }
    assert episode("R001").primary_reason == "lifestyle"
    r003 = episode("R003")
    assert (r003.status, r003.end_date, r003.closure_reason) == (
        "closed",
        date(2026, 6, 30),
        "on_roll_in_area",
    )
    event = EpisodeEvent.objects.get(episode=r003, action="imported")
    assert (event.from_status, event.to_status, event.by) == ("enquiries", "closed", None)
    assert event.data["source"] == "import"
    assert Child.objects.get(external_ref="C003").legal_last_name == "Cedar-Oak"
    # One entry each: child C003 changed, child C010 created, R001 and R003 changed, R010 new.
    new_audit = AuditEntry.objects.order_by("pk")[audit_before:]
    assert sorted((a.object_type, a.detail.split(":")[0]) for a in new_audit) == [
        ("cases.child", "changed by register import"),
        ("cases.child", "created by register import"),
        ("cases.episode", "changed by register import"),
        ("cases.episode", "changed by register import"),
        ("cases.episode", "created by register import"),
    ]


def test_reimport_adds_history_only_where_it_differs(tmp_path):
    run(GOOD)
    robin = Child.objects.get(external_ref="C001")
    rows = good_rows()
    rows.append(
        dict(
            rows[0],
            record_ref="R050",
            episode_type="CME",
            reason="",
            previous_school_type="",
            start_date="2026-09-01",
            postcode="ZZ9 9ZZ",
            sen_status="sen_support",
        )
    )

    run(write_csv(tmp_path / "more.csv", rows))

    # SEN support was already held on 2026-09-01: no new SEN row. The postcode is new.
    assert ChildSENStatus.objects.filter(child=robin).count() == 1
    assert list(
        ChildAddress.objects.filter(child=robin)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "postcode")
    ) == [
        (date(2024, 9, 10), date(2026, 9, 1), "ZZ1 1ZZ"),
        (date(2026, 9, 1), None, "ZZ9 9ZZ"),
    ]


def test_reimport_cannot_move_an_episode_to_another_child_or_kind(tmp_path):
    run(GOOD)
    before = snapshot()
    rows = good_rows()
    rows[0]["child_ref"] = "C002"
    rows[0].update(first_name="Sam", last_name="Birchwood", date_of_birth="2013-06-01", upn="")
    rows[0].update(sex="M", postcode="", sen_status="", csc_status="")
    rows[6]["episode_type"] = "CME"  # R007 is held as EHE
    rows[6].update(s437_served_date="", reason="", previous_school_type="")

    _, errors = refused(write_csv(tmp_path / "moved.csv", rows))

    assert (
        "line 2, column record_ref: record_ref R001 is an episode of a different child in "
        in (errors[0])
    )
    assert errors[-1] == (
        "line 8, column episode_type: The service holds this episode as EHE; an import cannot "
        "change an episode's type"
    )
    assert snapshot() == before


# --- Scale ----------------------------------------------------------------------------------


def _generated_rows(count: int, prefix: str = "G") -> list[dict[str, str]]:
    """Two episodes per child: an open EHE one and an earlier closed CME one."""
    rows = []
    for n in range(count):
        rows.append(
            {
                "record_ref": f"{prefix}R{n:05d}",
                "child_ref": f"{prefix}C{n // 2:05d}",
                "first_name": f"Child{n // 2}",
                "last_name": "Generated",
                "date_of_birth": "2013-04-01",
                "sex": "F",
                "upn": "",
                "postcode": f"ZZ{n % 9 + 1} {n % 9 + 1}ZZ",
                "episode_type": "EHE" if n % 2 == 0 else "CME",
                "start_date": "2024-09-02" if n % 2 == 0 else "2023-01-09",
                "end_date": "" if n % 2 == 0 else "2023-06-30",
                "end_reason": "" if n % 2 == 0 else "returned_to_school",
                "reason": "Lifestyle" if n % 2 == 0 else "",
                "sen_status": "none",
                "csc_status": "none",
            }
        )
    return rows


def test_a_large_file_imports_in_bulk_and_reimports_as_a_no_op(tmp_path):
    path = write_csv(tmp_path / "large.csv", _generated_rows(2000))

    out = run(path)

    assert "Children: 1000 created" in out
    assert "Episodes: 2000 created" in out
    assert Episode.objects.filter(status="suitable").count() == 1000
    before = snapshot()
    assert "Nothing was changed." in run(path)
    assert snapshot() == before


def test_queries_do_not_grow_row_by_row(tmp_path):
    """Reads are a fixed number of bulk queries; writes are bulk inserts, which the database
    driver splits into batches. Re-importing reads only, so its count does not grow at all."""
    small = write_csv(tmp_path / "small.csv", _generated_rows(20, prefix="S"))
    large = write_csv(tmp_path / "large.csv", _generated_rows(200, prefix="L"))
    counts = []
    for path in (small, large):
        with CaptureQueriesContext(connection) as first:
            run(path)
        with CaptureQueriesContext(connection) as again:
            run(path)
        counts.append((len(first), len(again)))

    (small_first, small_again), (large_first, large_again) = counts
    assert small_again == large_again
    assert large_first < 200 / 5


def test_a_file_that_cannot_be_read_is_refused(tmp_path):
    message, _ = refused(tmp_path / "no-such-file.csv")

    assert "Cannot read" in message


def test_reimport_that_closes_an_episode_ends_its_unsuitable_period(tmp_path):
    run(GOOD)
    rows = good_rows()
    rows[3].update(end_date="2026-07-01", end_reason="ceased_csa")  # R004, order in force

    run(write_csv(tmp_path / "closed.csv", rows))

    r004 = episode("R004")
    assert (r004.status, r004.closure_reason, r004.next_due_on) == ("closed", "ceased_csa", None)
    assert list(r004.unsuitable_periods.values_list("valid_from", "valid_to")) == [
        (date(2025, 2, 10), date(2026, 7, 1))
    ]


def test_reimport_adds_new_formal_steps_without_moving_the_status(tmp_path):
    run(GOOD)
    rows = good_rows()
    rows[6]["sao_served_date"] = "2026-04-01"  # R007, held at s437_notice

    out = run(write_csv(tmp_path / "steps.csv", rows))

    r007 = episode("R007")
    assert "formal steps added: 1" in out
    assert r007.status == "s437_notice"
    assert set(r007.formal_steps.values_list("kind", flat=True)) == {"s437_notice", "sao_served"}
    event = r007.events.get(action="imported")
    assert event.data == {"source": "import", "changed": ["formal steps"]}


def test_reimport_refuses_to_rewrite_past_history_the_service_has_built_on(tmp_path):
    run(GOOD)
    robin = Child.objects.get(external_ref="C001")
    ChildSENStatus.objects.filter(child=robin).update(valid_to=date(2026, 10, 1))
    ChildSENStatus.objects.create(child=robin, status="ehcp", valid_from=date(2026, 10, 1))
    before = snapshot()
    rows = good_rows()
    rows[0]["sen_status"] = "none"

    _, errors = refused(write_csv(tmp_path / "sen.csv", rows))

    assert errors == [
        "line 2, column sen_status: The service holds a different SEN status for this child on "
        "2024-09-10 (from 2024-09-10) and later history after it; correct that in the service, "
        "not by importing"
    ]
    assert snapshot() == before


def test_reimport_corrects_the_latest_history_in_place(tmp_path):
    run(GOOD)
    rows = good_rows()
    rows[0]["sen_status"] = "ehcp"  # R001 was imported with SEN support

    out = run(write_csv(tmp_path / "sen.csv", rows))

    robin = Child.objects.get(external_ref="C001")
    assert list(ChildSENStatus.objects.filter(child=robin).values_list("status", "valid_from")) == [
        ("ehcp", date(2024, 9, 10))
    ]
    assert "Children: 0 created, 1 updated" in out
    entry = (
        AuditEntry.objects.filter(object_type="cases.child", object_id=str(robin.pk))
        .order_by("pk")
        .last()
    )
    assert entry.detail == "changed by register import: sen history"


# --- The rules, without the database --------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "status"),
    [
        ({}, "suitable"),
        ({"unsuitable_from": date(2025, 1, 1)}, "panel"),
        ({"s437_served": date(2025, 2, 1)}, "s437_notice"),
        ({"s437_served": date(2025, 2, 1), "sao_served": date(2025, 4, 1)}, "sao_process"),
        (
            {
                "s437_served": date(2025, 2, 1),
                "sao_served": date(2025, 4, 1),
                "sao_revoked": date(2025, 9, 1),
            },
            "suitable",
        ),
        # A new concern after the revocation is live again.
        (
            {
                "sao_served": date(2025, 4, 1),
                "sao_revoked": date(2025, 9, 1),
                "unsuitable_from": date(2026, 1, 5),
            },
            "panel",
        ),
        (
            {
                "sao_served": date(2025, 4, 1),
                "sao_revoked": date(2025, 9, 1),
                "s437_served": date(2026, 2, 2),
            },
            "s437_notice",
        ),
    ],
)
def test_open_ehe_status_is_the_furthest_live_formal_step(dates, status):
    assert imported_status(kind="ehe", end_date=None, **dates) == status
    assert imported_status(kind="ehe", end_date=date(2026, 6, 1), **dates) == "closed"


def test_cme_closure_mapping_is_the_documented_one():
    assert {reason: closure_for("cme", reason)[0] for reason in END_REASONS} == {
        "returned_to_school": "on_roll_in_area",
        "moved_away": "other_council_area",
        "left_country": "left_country",
        "ceased_csa": "ceased_csa",
        "deceased": "deceased",
        "became_cme": "untraced",
        "other": "untraced",
    }
    assert all(closure_for("cme", r)[0] in CME_CLOSURE_OUTCOMES for r in END_REASONS)
    assert all(closure_for("ehe", r)[0] == r and r in EHE_CLOSURE_REASONS for r in END_REASONS)


def test_history_reconcile_cases():
    d = date
    # Nothing held: the span is added as given.
    change = reconcile([Span(d(2024, 1, 1), None, "none")], [])
    assert [(s.start, s.end, s.value) for s in change.add] == [(d(2024, 1, 1), None, "none")]
    # The same value held on the first day: nothing to do.
    held = [Held(1, d(2023, 1, 1), None, "none")]
    assert not reconcile([Span(d(2024, 1, 1), None, "none")], held).changes_anything
    # A different value at the end of the history: the held row ends where the new one starts.
    change = reconcile([Span(d(2024, 1, 1), None, "ehcp")], held)
    assert change.end_held == {1: d(2024, 1, 1)}
    assert [(s.start, s.end, s.value) for s in change.add] == [(d(2024, 1, 1), None, "ehcp")]
    # A closed span inside an open held value: the held value resumes after it.
    change = reconcile([Span(d(2024, 1, 1), d(2024, 6, 1), "cin")], held)
    assert [(s.start, s.end, s.value) for s in change.add] == [
        (d(2024, 1, 1), d(2024, 6, 1), "cin"),
        (d(2024, 6, 1), None, "none"),
    ]
    # A gap before held history: filled up to where the held history begins.
    change = reconcile([Span(d(2020, 1, 1), None, "ehcp")], held)
    assert [(s.start, s.end) for s in change.add] == [(d(2020, 1, 1), d(2023, 1, 1))]
    # Rewriting a value that later history follows is refused.
    later = [Held(1, d(2023, 1, 1), d(2025, 1, 1), "none"), Held(2, d(2025, 1, 1), None, "cpp")]
    change = reconcile([Span(d(2024, 1, 1), None, "cin")], later)
    assert change.refused and not change.changes_anything


def test_a_postcode_typed_without_its_space_in_the_service_is_the_same_postcode():
    run(GOOD)
    ChildAddress.objects.filter(child__external_ref="C001").update(postcode="zz11zz")
    before = snapshot()

    assert "Nothing was changed." in run(GOOD)
    assert snapshot() == before
