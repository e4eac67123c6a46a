"""``manage.py import_schools``: loading the schools list from a GIAS extract (issue 3, part 1).
The schools in tests/cases/data/gias_extract.csv are invented."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cases.importing.schools import COLUMNS
from cases.models import School
from cases.services import ServiceError
from cases.services.schools import SchoolData, school_upsert, schools_upsert

pytestmark = pytest.mark.django_db

EXTRACT = Path(__file__).parent / "data" / "gias_extract.csv"


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("import_schools", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(path: Path) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_schools", str(path), stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def write(path: Path, rows: list[dict], encoding: str = "utf-8", columns=COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def school_row(**overrides) -> dict:
    row = {
        "URN": "900100",
        "EstablishmentName": "Larkspur Junior School",
        "TypeOfEstablishment (name)": "Voluntary aided school",
        "PhaseOfEducation (name)": "Primary",
        "LA (code)": "999",
        "EstablishmentStatus (name)": "Open",
    }
    return row | overrides


def test_extract_loads_every_school_with_its_dfe_type_and_ignores_other_columns():
    out = run(EXTRACT)

    assert out.strip() == "Schools: 6 created, 0 updated, 0 unchanged (6 rows read)."
    schools = {
        s.urn: (s.name, s.school_type, s.is_special, s.is_open, s.phase, s.la_code)
        for s in School.objects.all()
    }
    assert schools == {
        "900001": ("Ashgrove Primary School", "la_maintained", False, True, "Primary", "999"),
        "900002": ("Northbrook Academy", "academy", False, True, "Secondary", "999"),
        "900003": ("Willowbank Special School", "special", True, True, "Not applicable", "999"),
        "900004": (
            "Riverside Pupil Referral Unit",
            "pupil_referral_unit",
            False,
            True,  # open, but proposed to close
            "Not applicable",
            "999",
        ),
        "900005": ("Hollybush House School", "independent", False, False, "All-through", "999"),
        "900006": ("Meadow Free School", "free_school", False, True, "Primary", "999"),
    }
    assert School.objects.get(urn="900003").establishment_type == "Community special school"


def test_reimport_changes_nothing_and_a_newer_extract_updates_in_place(tmp_path):
    run(EXTRACT)
    ids = dict(School.objects.values_list("urn", "pk"))

    assert "0 created, 0 updated, 6 unchanged" in run(EXTRACT)

    text = EXTRACT.read_text().replace(
        "Northbrook Academy,Academy converter", "Northbrook Academy,Academy special converter"
    )
    text = text.replace(
        "Meadow Free School,Free schools,Free Schools,Open",
        "Meadow Free School,Free schools,Free Schools,Closed",
    )
    newer = tmp_path / "newer.csv"
    newer.write_text(text)

    assert "0 created, 2 updated, 4 unchanged" in run(newer)
    assert dict(School.objects.values_list("urn", "pk")) == ids
    academy = School.objects.get(urn="900002")
    assert (academy.school_type, academy.is_special) == ("special", True)
    assert School.objects.get(urn="900006").is_open is False


def test_windows_1252_extract_is_read(tmp_path):
    path = write(
        tmp_path / "gias.csv",
        [school_row(EstablishmentName="St Bride’s Café School")],
        encoding="cp1252",
    )
    assert "\x92".encode("latin-1") in path.read_bytes()  # a real Windows-1252 apostrophe

    run(path)

    assert School.objects.get(urn="900100").name == "St Bride’s Café School"


def test_utf8_extract_with_byte_order_mark_is_read(tmp_path):
    path = write(
        tmp_path / "gias.csv",
        [school_row(EstablishmentName="Ysgol Glan-yr-Afon")],
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbfURN")

    run(path)

    assert School.objects.get(urn="900100").name == "Ysgol Glan-yr-Afon"


def test_bad_rows_are_all_reported_and_nothing_is_saved(tmp_path):
    rows = [
        school_row(),
        school_row(URN="12345"),
        school_row(URN="900101", EstablishmentName=""),
        school_row(URN="900102", **{"EstablishmentStatus (name)": "Mothballed"}),
        school_row(URN="900103", **{"LA (code)": "99"}),
        school_row(),  # the same URN again
    ]
    path = write(tmp_path / "gias.csv", rows)

    message, errors = refused(path)

    assert message == "Nothing was imported: 5 problems in 5 rows."
    assert errors == [
        "line 3, column URN: A URN is 6 digits (got '12345')",
        "line 4, column EstablishmentName: The school's name is missing",
        "line 5, column EstablishmentStatus (name): 'Mothballed' is not a GIAS establishment "
        "status; expected one of Open, Open, but proposed to close, Closed, Proposed to open",
        "line 6, column LA (code): A local authority code is 3 digits (got '99')",
        "line 7, column URN: URN 900100 is also on line 2",
    ]
    assert not School.objects.exists()


def test_missing_column_is_refused(tmp_path):
    columns = [c for c in COLUMNS if c != "PhaseOfEducation (name)"]
    rows = [{k: v for k, v in school_row().items() if k in columns}]

    _, errors = refused(write(tmp_path / "gias.csv", rows, columns=columns))

    assert errors == ["line 1: Missing columns: PhaseOfEducation (name)"]
    assert not School.objects.exists()


def test_service_upserts_one_school_and_refuses_a_bad_one():
    school, created = school_upsert(
        by=None,
        urn="900200",
        name="Thornfield Academy",
        establishment_type="Academy sponsor led",
        phase="Secondary",
        la_code="999",
        is_open=True,
        channel="web",
    )
    assert created and school.school_type == "academy"

    school, created = school_upsert(
        by=None,
        urn="900200",
        name="Thornfield Academy",
        establishment_type="Academy sponsor led",
        phase="Secondary",
        la_code="999",
        is_open=False,
        channel="web",
    )
    assert not created and school.is_open is False
    assert School.objects.count() == 1

    with pytest.raises(ServiceError) as caught:
        schools_upsert(
            by=None,
            schools=[
                SchoolData("900300", "Good School", "Community school", "", "", True),
                SchoolData("9003", "", "Community school", "", "", True),
            ],
            channel="web",
        )
    assert caught.value.errors == {
        "urn 9003: urn": "A URN is 6 digits",
        "urn 9003: name": "Enter the school's name",
    }
    assert not School.objects.filter(urn="900300").exists()


def test_repeated_or_unnamed_columns_that_are_not_read_do_not_matter(tmp_path):
    columns = [*COLUMNS, "Notes", "Notes", ""]
    rows = [school_row(Notes="x", **{"": ""})]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow([rows[0][c] if c in COLUMNS else "" for c in columns])
    path = tmp_path / "gias.csv"
    path.write_text(buffer.getvalue())

    assert "1 created" in run(path)


def test_repeated_column_that_is_read_is_refused(tmp_path):
    path = tmp_path / "gias.csv"
    path.write_text(",".join([*COLUMNS, "URN"]) + "\n")

    _, errors = refused(path)

    assert errors == ["line 1: Columns named more than once: URN"]
