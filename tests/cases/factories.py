"""Factories named after states. Data is invented."""

from datetime import date

import factory

from cases.models import Child, ChildAddress, Episode, Person, Relationship, School
from policy.workflow import EpisodeKind


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"Ashgrove Primary {n}")
    establishment_type = "Community school"
    school_type = "la_maintained"
    phase = "Primary"
    la_code = "999"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    legal_first_name = factory.Sequence(lambda n: f"Robin{n}")
    legal_last_name = factory.Sequence(lambda n: f"Example{n}")
    date_of_birth = date(2014, 5, 17)
    sex = "F"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the services do, so that search finds factory-made children by name.
        child = model_class(*args, **kwargs)
        child.set_name_search()
        child.save()
        return child


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildAddress

    child = factory.SubFactory(ChildFactory)
    line_1 = factory.Sequence(lambda n: f"{n} Imaginary Lane")
    town = "Northbrook"
    postcode = "ZZ1 1ZZ"
    valid_from = date(2020, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Sam{n}")
    last_name = factory.Sequence(lambda n: f"Parent{n}")
    email = factory.Sequence(lambda n: f"parent{n}@example.invalid")


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory)
    child = factory.SubFactory(ChildFactory)
    relationship = "mother"


class EHEEpisodeFactory(factory.django.DjangoModelFactory):
    """An open EHE episode in ``new``. Other states: pass ``status=``."""

    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    kind = EpisodeKind.EHE
    status = "new"
    start_date = date(2026, 9, 7)
    source = "school_deletion_return"
    primary_reason = "unknown"


class CMEEpisodeFactory(EHEEpisodeFactory):
    kind = EpisodeKind.CME
    status = "referred"
    primary_reason = "not_recorded"


class InvolvementFactory(EHEEpisodeFactory):
    kind = EpisodeKind.INVOLVEMENT
    status = "open"
    primary_reason = ""
    source = "school"
