"""Forms for the list screens: caseload filters, child search, allocation and alerts."""

from datetime import date

from django import forms

from ehe.models import User
from ehe.roles import Role
from policy.text import NAME
from policy.workflow import (
    CLOSED,
    EPISODE_KIND_LABELS,
    INITIAL_STATUS,
    TRANSITIONS,
    EpisodeKind,
    status_label,
)

from ..selectors import CaseloadFilters
from .child_fields import UpnField, short_text

DUE_CHOICES = [
    ("", "Any time"),
    ("overdue", "Overdue"),
    ("7", "In the next 7 days"),
    ("14", "In the next 14 days"),
    ("28", "In the next 28 days"),
]

SCOPE_CHOICES = [("mine", "My cases"), ("team", "All team cases")]

SORT_CHOICES = [
    ("due", "Next due, soonest first"),
    ("-due", "Next due, latest first"),
    ("name", "Child's name, A to Z"),
    ("-name", "Child's name, Z to A"),
    ("status", "Status, A to Z"),
    ("-status", "Status, Z to A"),
    ("start", "Start date, oldest first"),
    ("-start", "Start date, newest first"),
]

NEW_STATUSES = frozenset(INITIAL_STATUS.values())


def kind_choices() -> list[tuple[str, str]]:
    return [("", "Any kind")] + [(kind.value, EPISODE_KIND_LABELS[kind]) for kind in EpisodeKind]


def status_choices() -> list:
    """Open statuses grouped under their kind of case (rendered as <optgroup>s)."""
    groups: list = [("", "Any status")]
    for kind in EpisodeKind:
        statuses = [status for status in TRANSITIONS[kind] if status != CLOSED]
        groups.append((EPISODE_KIND_LABELS[kind], [(s, status_label(s)) for s in statuses]))
    return groups


def casework_staff():
    """Everyone a case can be allocated to: active officers and managers."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.OFFICER, Role.MANAGER])
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class CaseloadFilterForm(forms.Form):
    """The caseload's filters and sort, read from the query string (codes and numbers only).

    The page never fails on a value it does not recognise (an old bookmark, a hand-edited
    address): ``ignored()`` lists what was dropped so the page can say so.
    """

    scope = forms.ChoiceField(label="Whose cases", choices=SCOPE_CHOICES, required=False)
    officer = StaffChoiceField(
        label="Allocated to", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    kind = forms.ChoiceField(label="Kind of case", choices=kind_choices, required=False)
    status = forms.ChoiceField(label="Status", choices=status_choices, required=False)
    due = forms.ChoiceField(label="Next due", choices=DUE_CHOICES, required=False)
    new = forms.BooleanField(label="New cases only", required=False)
    unallocated = forms.BooleanField(label="Unallocated cases only", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.is_manager = user.has_role(Role.MANAGER)
        if self.is_manager:
            self.fields["officer"].queryset = casework_staff()
            self.fields["officer"].widget.attrs["aria-describedby"] = "officer-hint"
        else:
            # Officers can look at the whole team's cases but not pick out a colleague's.
            del self.fields["officer"]
        for name in ("officer", "kind", "status"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "govuk-select govuk-!-width-full"

    def clean(self):
        cleaned = super().clean()
        kind, status = cleaned.get("kind"), cleaned.get("status")
        if kind and status and status not in TRANSITIONS[EpisodeKind(kind)]:
            self.add_error(
                "status",
                f"'{status_label(status)}' is not a status of "
                f"{EPISODE_KIND_LABELS[EpisodeKind(kind)].lower()} cases",
            )
        return cleaned

    def ignored(self) -> list[str]:
        """One sentence per filter that was dropped because its value made no sense."""
        if not self.is_bound:
            return []
        self.is_valid()
        notes = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            reason = errors[0] if name == "status" and "is not a status" in errors[0] else ""
            if reason:
                notes.append(f"{label}: {reason}, so it was ignored.")
            else:
                notes.append(f"{label}: the value given was not recognised, so it was ignored.")
        return notes

    def value(self, name: str):
        """The cleaned value, or the field's empty value when it was missing or ignored."""
        self.is_valid()
        return self.cleaned_data.get(name) or (False if name in {"new", "unallocated"} else "")

    def to_filters(self) -> CaseloadFilters:
        officer = self.value("officer") if self.is_manager else None
        if self.value("unallocated"):
            officer_id = None  # unallocated cases belong to nobody, so look across the team
        elif officer:
            officer_id = officer.pk
        elif self.value("scope") == "team":
            officer_id = None
        else:
            officer_id = self.user.pk
        due = self.value("due")
        return CaseloadFilters(
            officer_id=officer_id,
            kind=self.value("kind") or None,
            status=self.value("status") or None,
            due_within_days=int(due) if due and due.isdigit() else None,
            overdue=due == "overdue",
            new=self.value("new"),
            unallocated=self.value("unallocated"),
            sort=self.value("sort") or "due",
        )


class ChildSearchForm(forms.Form):
    """Find a child. Sent by POST so names, dates of birth and UPNs never enter a URL."""

    name = short_text(
        "Name",
        limit=NAME,
        help_text="First, middle, last or preferred name, or part of one. Accents, capitals, "
        "apostrophes and hyphens do not matter.",
        attrs={"autocomplete": "off", "spellcheck": "false"},
    )
    dob_day = forms.CharField(label="Day", max_length=2, required=False)
    dob_month = forms.CharField(label="Month", max_length=2, required=False)
    dob_year = forms.CharField(label="Year", max_length=4, required=False)
    upn = UpnField(
        label="Unique pupil number (UPN)", help_text="13 characters, for example A801200001001"
    )

    DATE_PARTS = ("dob_day", "dob_month", "dob_year")

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for name in self.DATE_PARTS:
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": "off", "class": "govuk-input"}
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["date_of_birth"] = self._date_of_birth(cleaned)
        if not self.errors and not (
            cleaned.get("name", "").strip() or cleaned["date_of_birth"] or cleaned.get("upn")
        ):
            raise forms.ValidationError("Enter a name, a date of birth or a UPN to search for")
        return cleaned

    def _date_of_birth(self, cleaned) -> date | None:
        """GOV.UK date input: three boxes, each error attached to the first box at fault."""
        parts = {name: (cleaned.get(name) or "").strip() for name in self.DATE_PARTS}
        if not any(parts.values()):
            return None
        missing = [name for name in self.DATE_PARTS if not parts[name]]
        if missing:
            words = [self.fields[name].label.lower() for name in missing]
            self.add_error(missing[0], f"Date of birth must include a {' and '.join(words)}")
            return None
        if not all(value.isdigit() for value in parts.values()):
            self.add_error("dob_day", "Date of birth must be a real date")
            return None
        if len(parts["dob_year"]) != 4:
            self.add_error("dob_year", "Year must include 4 numbers")
            return None
        try:
            born = date(int(parts["dob_year"]), int(parts["dob_month"]), int(parts["dob_day"]))
        except ValueError:
            self.add_error("dob_day", "Date of birth must be a real date")
            return None
        if born > self.today:
            self.add_error("dob_day", "Date of birth must be in the past")
            return None
        return born

    @property
    def date_errors(self) -> list[str]:
        return [error for name in self.DATE_PARTS for error in self.errors.get(name, [])]


class AllocateForm(forms.Form):
    """One row of the unallocated list: which case, to whom, and the version the manager saw."""

    episode = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    officer = StaffChoiceField(
        label="Allocate to",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose who to allocate the case to",
            "invalid_choice": "Choose an officer from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = casework_staff()


class AlertAcknowledgeForm(forms.Form):
    alert = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
