"""What the school sent stays with the child (brief item 6), through the services: the
parent's notice filed as the child's document without copying the file, the child's returns
in one selector, a new child seeded from the return, and the school's details kept or not,
one choice per difference, all or nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.models import AuditEntry, Child, ChildAddress, DeletionReturn, Document, Person
from cases.selectors.frontdoor import returns_for_child
from cases.selectors.frontdoor_details import details_differences
from cases.services import (
    ServiceError,
    consent_decide,
    deletion_return_details_review,
    deletion_return_match,
    deletion_returns_sweep,
)
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    AddressFactory,
    ChildFactory,
    RelationshipFactory,
    SchoolFactory,
)
from tests.cases.returns_helpers import NOTICE, submit

pytestmark = [pytest.mark.django_db(transaction=True)]

DOB = date(2014, 5, 17)
DELETED = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


def routed(receipt) -> DeletionReturn:
    return DeletionReturn.objects.get(pk=receipt.deletion_return.pk)


def stored_files(tmp_path) -> list:
    return sorted(p for p in tmp_path.rglob("*") if p.is_file())


def known_child(*, line_1="3 Old Road", postcode="ZZ9 9ZZ", parent_phone="07700 900999"):
    """A child the council holds, who has since moved; their mother's number has changed."""
    child = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    AddressFactory(child=child, line_1=line_1, postcode=postcode, valid_from=date(2020, 1, 1))
    RelationshipFactory(
        child=child,
        relationship="mother",
        person__first_name="Sam",
        person__last_name="Example",
        person__address_line_1=line_1,
        person__postcode=postcode,
        person__phone=parent_phone,
    )
    return child


def twin_of(child):
    twin = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    AddressFactory(child=twin, line_1="1 Far Away", postcode="ZZ8 8ZZ")
    return twin


# -- the parent's notice --------------------------------------------------------------------


def test_the_notice_is_filed_on_the_childs_record_with_the_case_it_opened(tmp_path):
    r = routed(submit(SchoolFactory()))
    assert r.outcome == "ehe_opened"
    attachment = r.attachments.get()
    document = attachment.document
    assert document is not None
    assert (document.child, document.episode) == (r.matched_child, r.episode)
    assert (document.document_type, document.original_name) == ("parent_notice", "notice.pdf")
    assert r.reference in document.description
    assert (document.size, document.sha256) == (attachment.size, attachment.sha256)
    assert document.uploaded_by is None  # filed by the routing job, not by a person
    # One stored file, shared: nothing copied, and either row keeps it.
    assert document.file.name == attachment.file.name
    assert len(stored_files(tmp_path)) == 1
    assert document.file.read() == NOTICE
    assert AuditEntry.objects.filter(
        object_type="cases.document", object_id=str(document.pk), child_id=r.matched_child_id
    ).exists()


def test_a_notice_on_a_return_held_for_consent_is_filed_when_the_case_opens(manager, tmp_path):
    school = SchoolFactory(is_special=True, school_type="special")
    child = known_child(line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ")
    r = routed(submit(school, placed_by_council=True))
    assert (r.outcome, r.matched_child) == ("consent_required", child)
    document = r.attachments.get().document
    # On the child's record from the moment the return is matched, with no case yet.
    assert (document.child, document.episode) == (child, None)
    consent_decide(
        by=manager,
        consent=r.consent_requests.get(),
        decision="granted",
        reasons="The plan meets the EHCP outcomes",
        arranged_by="this_council",
        today=TODAY,
        channel="web",
    )
    r.refresh_from_db()
    document.refresh_from_db()
    assert r.outcome == "ehe_opened"
    assert document.episode == r.episode
    assert Document.objects.count() == 1
    assert len(stored_files(tmp_path)) == 1


def test_a_notice_on_a_return_for_a_new_child_is_filed_when_the_child_is_made():
    r = routed(submit(SchoolFactory(), deletion_date=date(2026, 12, 4)))
    assert r.outcome == "waiting_for_deletion_date"
    assert r.attachments.get().document is None  # no child yet: no record made for nothing
    deletion_returns_sweep(today=date(2026, 12, 4), by=None, channel="system")
    r.refresh_from_db()
    assert r.attachments.get().document.episode == r.episode


# -- the child's returns ---------------------------------------------------------------------


def test_returns_for_child_lists_the_childs_returns_oldest_first(django_assert_num_queries):
    child = known_child(line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ")
    first = routed(submit(SchoolFactory(), ground="k"))
    second = routed(submit(SchoolFactory(), kind="considering_ehe"))
    routed(submit(SchoolFactory(), pupil_first_name="Quinn"))  # another child
    assert {first.matched_child, second.matched_child} == {child}
    with django_assert_num_queries(3):
        found = returns_for_child(child.pk)
        for r in found:
            assert r.school.name and r.attachments.all() is not None
            list(r.messages.all())
            list(r.attachments.all())
            r.episode  # noqa: B018 - loaded with the return
    assert [r.pk for r in found] == [first.pk, second.pk]
    assert returns_for_child(ChildFactory().pk) == []


# -- a new child made from the return -------------------------------------------------------


def test_a_new_child_is_seeded_with_everything_the_school_sent():
    r = routed(
        submit(
            SchoolFactory(),
            pupil_middle_names="Jay",
            address_line_2="Flat 2",
            parents=[
                {
                    "first_name": "Sam",
                    "last_name": "Example",
                    "relationship": "mother",
                    "address": "12 Imaginary Lane, Northbrook, zz1 1zz",
                    "phone": "07700 900123",
                    "email": "sam@example.invalid",
                }
            ],
        )
    )
    child = r.matched_child
    assert (child.legal_first_name, child.legal_middle_names, child.legal_last_name) == (
        "Robin",
        "Jay",
        "Example",
    )
    assert (child.date_of_birth, child.sex) == (DOB, "F")
    address = child.addresses.get()
    assert (address.line_1, address.line_2, address.postcode, address.valid_from) == (
        "12 Imaginary Lane",
        "Flat 2",
        "ZZ1 1ZZ",
        DELETED,
    )
    link = child.relationships.select_related("person").get()
    person = link.person
    assert link.relationship == "mother"
    assert (person.address_line_1, person.postcode) == ("12 Imaginary Lane, Northbrook", "ZZ1 1ZZ")
    assert (person.phone, person.email) == ("07700 900123", "sam@example.invalid")


# -- the school's details against the record ----------------------------------------------


def test_each_difference_is_found_once_and_a_matching_record_has_none():
    child = known_child()
    r = routed(submit(SchoolFactory(), pupil_first_name="Robyn", upn=""))
    differences = details_differences(r, child)
    assert [(d.what, d.school, d.record) for d in differences] == [
        ("name", "Robyn Example", "Robin Example"),
        ("address", "12 Imaginary Lane, Northbrook, ZZ1 1ZZ", "3 Old Road, Northbrook, ZZ9 9ZZ"),
        ("parent_address", "12 Imaginary Lane, Northbrook, ZZ1 1ZZ", "3 Old Road, ZZ9 9ZZ"),
        ("parent_phone", "07700 900123", "07700 900999"),
    ]
    same = known_child(
        line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ", parent_phone="+44 7700 900123"
    )
    Person.objects.filter(relationships__child=same).update(
        address_line_1="12 Imaginary Lane, Northbrook"
    )
    Child.objects.filter(pk=same.pk).update(legal_first_name="ROBYN")  # case is not spelling
    same.refresh_from_db()
    assert details_differences(r, same) == []


def waiting_for(child):
    twin_of(child)
    r = routed(submit(SchoolFactory()))
    assert r.outcome == "awaiting_match"
    return r


def test_accepted_changes_become_dated_history_and_kept_ones_are_noted(officer):
    child = known_child()
    r = waiting_for(child)
    differences = {d.what: d for d in details_differences(r, child)}
    assert set(differences) == {"address", "parent_address", "parent_phone"}
    decisions = {
        differences["address"].key: "accept",
        differences["parent_address"].key: "keep",
        differences["parent_phone"].key: "accept",
    }
    r = deletion_return_match(
        by=officer,
        deletion_return=r,
        child=child,
        decisions=decisions,
        today=TODAY,
        channel="web",
    )
    assert (r.matched_child, r.outcome) == (child, "ehe_opened")
    old, new = ChildAddress.objects.filter(child=child).order_by("valid_from")
    # The old address stays in the history, ending the day the pupil left the school.
    assert (old.line_1, old.valid_to) == ("3 Old Road", DELETED)
    assert (new.line_1, new.postcode, new.valid_from, new.valid_to) == (
        "12 Imaginary Lane",
        "ZZ1 1ZZ",
        DELETED,
        None,
    )
    mother = Person.objects.get(relationships__child=child)
    assert (mother.phone, mother.address_line_1, mother.version) == (
        "07700 900123",
        "3 Old Road",
        2,
    )
    r.refresh_from_db()
    assert [(item["what"], item["decision"]) for item in r.details_review] == [
        ("address", "accepted"),
        ("parent_address", "kept"),
        ("parent_phone", "accepted"),
    ]
    kept = r.details_review[1]
    assert (kept["school"], kept["record"]) == (
        "12 Imaginary Lane, Northbrook, ZZ1 1ZZ",
        "3 Old Road, ZZ9 9ZZ",
    )
    assert (r.details_reviewed_by, r.details_reviewed_at is not None) == (officer, True)


def test_a_parent_the_record_does_not_have_can_be_added(officer):
    child = known_child(line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ", parent_phone="07700 900123")
    Person.objects.filter(relationships__child=child).update(
        address_line_1="12 Imaginary Lane, Northbrook"
    )
    twin_of(child)
    second = {
        "first_name": "Alex",
        "last_name": "Example",
        "relationship": "father",
        "address": "4 Other Street, Northbrook, ZZ2 2ZZ",
        "phone": "07700 900456",
    }
    from tests.cases.returns_helpers import return_data

    r = routed(submit(SchoolFactory(), parents=[return_data()["parents"][0], second]))
    [difference] = details_differences(r, child)
    assert (difference.what, difference.label) == ("parent_new", "Father: Alex Example")
    deletion_return_match(
        by=officer,
        deletion_return=r,
        child=child,
        decisions={difference.key: "accept"},
        today=TODAY,
        channel="web",
    )
    father = child.relationships.get(relationship="father").person
    assert (father.first_name, father.address_line_1, father.postcode, father.phone) == (
        "Alex",
        "4 Other Street, Northbrook",
        "ZZ2 2ZZ",
        "07700 900456",
    )


def snapshot(child) -> tuple:
    return (
        list(ChildAddress.objects.filter(child=child).values_list("line_1", "valid_to")),
        list(Person.objects.values_list("first_name", "phone", "version")),
        list(DeletionReturn.objects.values_list("outcome", "matched_child", "details_review")),
        Child.objects.count(),
    )


def test_an_error_in_any_choice_changes_nothing(officer):
    # The record's address began after the pupil left: it cannot be superseded from then.
    child = known_child()
    ChildAddress.objects.filter(child=child).update(valid_from=date(2026, 11, 18))
    r = waiting_for(child)
    differences = details_differences(r, child)
    before = snapshot(child)
    address = next(d for d in differences if d.what == "address")
    with pytest.raises(ServiceError) as error:
        deletion_return_match(
            by=officer,
            deletion_return=r,
            child=child,
            decisions={d.key: "accept" for d in differences},
            today=TODAY,
            channel="web",
        )
    assert error.value.errors[address.key].startswith("The record's address starts after")
    assert snapshot(child) == before


def test_every_difference_needs_a_choice_and_a_stale_page_is_refused(officer):
    child = known_child()
    r = waiting_for(child)
    differences = details_differences(r, child)
    before = snapshot(child)
    with pytest.raises(ServiceError) as missing:
        deletion_return_match(
            by=officer,
            deletion_return=r,
            child=child,
            decisions={differences[0].key: "accept"},
            today=TODAY,
            channel="web",
        )
    assert set(missing.value.errors) == {d.key for d in differences[1:]}
    # The mother's number changed on the record after the officer loaded the page.
    Person.objects.filter(relationships__child=child).update(phone="07700 900888")
    with pytest.raises(ServiceError) as stale:
        deletion_return_match(
            by=officer,
            deletion_return=r,
            child=child,
            decisions={d.key: "keep" for d in differences},
            today=TODAY,
            channel="web",
        )
    assert stale.value.errors[""].startswith("The child's record or the return changed")
    Person.objects.filter(relationships__child=child).update(phone="07700 900999")
    assert snapshot(child) == before


def test_a_return_matched_without_a_person_can_have_its_details_checked_once(officer):
    child = known_child()
    r = routed(submit(SchoolFactory()))
    assert (r.matched_child, r.outcome) == (child, "ehe_opened")
    differences = details_differences(r, child)
    assert differences
    deletion_return_details_review(
        by=officer,
        deletion_return=r,
        decisions={d.key: "keep" for d in differences},
        today=TODAY,
        channel="web",
    )
    r.refresh_from_db()
    assert {item["decision"] for item in r.details_review} == {"kept"}
    assert ChildAddress.objects.filter(child=child).count() == 1
    with pytest.raises(ServiceError):
        deletion_return_details_review(
            by=officer, deletion_return=r, decisions={}, today=TODAY, channel="web"
        )
