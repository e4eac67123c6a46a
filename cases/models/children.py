from datetime import date

from django.db import models

from policy.names import name_search_text
from policy.school_age import age_on, year_group, year_group_label
from policy.vocab import CONTACT_METHODS, CSC_STATUS, RELATIONSHIPS, SEN_STATUS, SEX

from .base import DatedRecord, PublicId, Versioned


class Child(PublicId, Versioned):
    """A child known to the team. Names are held as the family gives them."""

    legal_first_name = models.CharField(max_length=100)
    legal_middle_names = models.CharField(max_length=150, blank=True)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    # The search keys of all four names (policy.names), so that a search for "obrien" or
    # "Jones" finds O'Brien or Smith-Jones with one LIKE on one column. Every writer of a
    # child's names refills it with set_name_search().
    name_search = models.CharField(max_length=1000, blank=True, editable=False, db_index=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=SEX.choices, default="U")
    upn = models.CharField("UPN", max_length=13, blank=True)
    ethnicity = models.CharField(max_length=80, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    gypsy_roma_traveller = models.BooleanField("Gypsy, Roma or Traveller", default=False)
    year_group_override = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="Only for a child educated out of their age cohort; the DfE return still "
        "uses the chronological year group.",
    )
    external_ref = models.CharField(
        "reference in a previous system", max_length=50, blank=True, db_index=True
    )
    # Children Not in School register fields (Children's Wellbeing and Schools Act 2026, new
    # ss436B–436G): held now so the register can be produced once the duty commences.
    hours_educated_by_parents = models.DecimalField(
        "estimated hours a week educated by parents",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    hours_educated_by_others = models.DecimalField(
        "estimated hours a week educated by others",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["upn"], condition=~models.Q(upn=""), name="child_upn_unique"
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="child_external_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self) -> str:
        return f"Child {self.pk}"

    NAME_FIELDS = ("legal_first_name", "legal_middle_names", "legal_last_name", "preferred_name")

    def set_name_search(self) -> None:
        self.name_search = name_search_text(*(getattr(self, name) for name in self.NAME_FIELDS))

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        parts = [self.legal_first_name, self.legal_middle_names, self.legal_last_name]
        return " ".join(p for p in parts if p)

    def age(self, on: date) -> int:
        return age_on(self.date_of_birth, on)

    def year_group(self, on: date) -> int:
        if self.year_group_override is not None:
            return self.year_group_override
        return year_group(self.date_of_birth, on)

    def year_group_label(self, on: date) -> str:
        return year_group_label(self.year_group(on))


class ChildAddress(DatedRecord):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=120)
    line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10)
    in_area = models.BooleanField("in our area", default=True)

    class Meta(DatedRecord.Meta):
        verbose_name_plural = "child addresses"

    def one_line(self) -> str:
        return ", ".join(p for p in [self.line_1, self.line_2, self.town, self.postcode] if p)


class ChildSENStatus(DatedRecord):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sen_history")
    status = models.CharField(max_length=20, choices=SEN_STATUS.choices)

    class Meta(DatedRecord.Meta):
        verbose_name = "SEN status"
        verbose_name_plural = "SEN statuses"


class ChildCSCStatus(DatedRecord):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="csc_history")
    status = models.CharField(max_length=20, choices=CSC_STATUS.choices)

    class Meta(DatedRecord.Meta):
        verbose_name = "children's social care status"
        verbose_name_plural = "children's social care statuses"


class EducationProvider(models.Model):
    """Someone other than the parents who educates the child above a prescribed time (new
    s436C register field), recorded ahead of commencement."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="providers")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    provider_type = models.CharField(max_length=100, blank=True)
    where_delivered = models.CharField(max_length=200, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)


class Person(PublicId, Versioned):
    """A parent or carer."""

    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=30, choices=CONTACT_METHODS.choices, blank=True
    )
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    children = models.ManyToManyField(Child, through="Relationship", related_name="people")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.title, self.first_name, self.last_name] if p)

    def address_one_line(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class Relationship(models.Model):
    """How a person stands to a child. Every parent with parental responsibility is kept
    informed and is served with formal notices (DOMAIN §2, §5.2 parental disputes)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    relationship = models.CharField(max_length=30, choices=RELATIONSHIPS.choices)
    parental_responsibility = models.BooleanField(default=True)
    lives_with = models.BooleanField("child lives with them", default=True)
    receives_correspondence = models.BooleanField(default=True)
    provides_education = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "child"], name="relationship_unique")
        ]
