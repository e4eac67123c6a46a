"""Query-string filters. None of them takes personal data: a name, date of birth or UPN in a
URL would end up in browser histories and server logs, so finding a child is a POST
(``/api/v1/children/search/``) and everything else filters on opaque ids and codes."""

import django_filters
from django_filters import rest_framework as filters

from cases.models import Contact, Document, Episode, Judgement, Person
from policy.workflow import EPISODE_KIND_LABELS, STATUS_LABELS

from .common import today


class EpisodeFilter(filters.FilterSet):
    child = django_filters.UUIDFilter(field_name="child__uid", help_text="The child's id.")
    kind = django_filters.ChoiceFilter(choices=sorted(EPISODE_KIND_LABELS.items()))
    status = django_filters.ChoiceFilter(choices=sorted(STATUS_LABELS.items()))
    allocated_officer = django_filters.NumberFilter(
        field_name="allocated_officer_id", help_text="The allocated officer's id."
    )
    unallocated = django_filters.BooleanFilter(
        field_name="allocated_officer", lookup_expr="isnull", help_text="No officer allocated."
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="The next thing due was due before today."
    )
    due_before = django_filters.DateFilter(
        field_name="next_due_on", lookup_expr="lt", help_text="The next thing is due before."
    )

    class Meta:
        model = Episode
        fields = ["child", "kind", "status", "allocated_officer", "unallocated"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.filter(next_due_on__lt=today())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class PersonFilter(filters.FilterSet):
    child = django_filters.UUIDFilter(
        field_name="relationships__child__uid", help_text="People linked to this child."
    )

    class Meta:
        model = Person
        fields = ["child"]


class ContactFilter(filters.FilterSet):
    episode = django_filters.UUIDFilter(field_name="episode__uid", help_text="The case's id.")
    child = django_filters.UUIDFilter(field_name="episode__child__uid", help_text="The child's id.")

    class Meta:
        model = Contact
        fields = ["episode", "child"]


class JudgementFilter(ContactFilter):
    class Meta:
        model = Judgement
        fields = ["episode", "child"]


class DocumentFilter(filters.FilterSet):
    child = django_filters.UUIDFilter(field_name="child__uid", help_text="The child's id.")
    episode = django_filters.UUIDFilter(field_name="episode__uid", help_text="The case's id.")

    class Meta:
        model = Document
        fields = ["child", "episode"]
