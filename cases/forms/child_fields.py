"""Form fields and widgets that render as GOV.UK components on the child screens.

The markup for radios, checkboxes and the date input is written out in
templates/includes/; these classes give those templates what they need: the right
CSS classes, an id the error summary can link to, and GOV.UK's wording for date errors.
"""

from datetime import date

from django import forms

from policy.text import LONG_TEXT, SHORT_TEXT, too_long
from policy.upn import normalise_upn, upn_error

TEXT = "govuk-input"
TEXTAREA = "govuk-textarea"
SELECT = "govuk-select"


class GovTextInput(forms.TextInput):
    """A GOV.UK text input. It never carries the ``maxlength`` attribute Django gives a field
    with a max_length: a browser would silently cut off what was pasted in. The form refuses
    an over-long value instead, with what was typed still in the box."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class GovTextarea(forms.Textarea):
    """A GOV.UK textarea. When its field has a max_length it becomes GOV.UK's character
    count: templates/includes/field.html wraps it (``data-module="govuk-character-count"``)
    and writes the count message, which the textarea is described by. Like GovTextInput it
    has no ``maxlength``: going over is allowed while typing, and refused on saving."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        if attrs.pop("maxlength", None) and attrs.get("id"):
            attrs["class"] = f"{attrs.get('class', TEXTAREA)} govuk-js-character-count"
            described = [f"{attrs['id']}-info", attrs.get("aria-describedby", "")]
            attrs["aria-describedby"] = " ".join(part for part in described if part)
        return context


def text_input(width: str = "", **attrs) -> GovTextInput:
    css = TEXT + (
        f" govuk-input--width-{width}" if width.isdigit() else f" {width}" if width else ""
    )
    return GovTextInput(attrs={"class": css, **attrs})


def textarea(rows: int = 4) -> GovTextarea:
    return GovTextarea(attrs={"class": TEXTAREA, "rows": rows})


class LimitedTextField(forms.CharField):
    """Free text with a limit, refused past it in GOV.UK's words ("Notes must be 5,000
    characters or fewer"), and counted as GOV.UK's character count counts it: browsers send
    each line break as two characters (CR LF) but count it as one, so the value is kept with
    one and a note the counter accepted is not refused."""

    def __init__(self, *, error_name: str = "", **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None:
            what = error_name or str(self.label or "This").removesuffix(" (optional)")
            self.error_messages["max_length"] = too_long(what, self.max_length)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def short_text(
    label: str,
    *,
    required: bool = False,
    limit: int = SHORT_TEXT,
    width: str = "",
    error_name: str = "",
    **kwargs,
) -> LimitedTextField:
    """A one-line text box with the service's limit and GOV.UK's wording when it is passed
    ("Who was present must be 300 characters or fewer"); ``width`` as for text_input()."""
    return LimitedTextField(
        label=label,
        required=required,
        max_length=limit,
        widget=text_input(width, **kwargs.pop("attrs", {})),
        error_name=error_name,
        **kwargs,
    )


def long_text(
    label: str,
    *,
    required: bool = False,
    rows: int = 4,
    limit: int = LONG_TEXT,
    error_name: str = "",
    **kwargs,
) -> LimitedTextField:
    """A textarea for notes, reasons or details, with GOV.UK's character count and the
    service's limit (policy.text; docs/decisions/0013-free-text-limits.md). Use this for
    every free-text box so none goes without a limit."""
    return LimitedTextField(
        label=label,
        required=required,
        max_length=limit,
        widget=textarea(rows),
        error_name=error_name,
        **kwargs,
    )


def select() -> forms.Select:
    return forms.Select(attrs={"class": SELECT})


class GovRadioSelect(forms.RadioSelect):
    """Radios. ``hints`` maps a choice value to hint text shown under that option; ``inline``
    puts short lists (yes/no) side by side; ``small`` uses the small radios."""

    def __init__(self, *args, hints: dict | None = None, inline=False, small=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}
        self.inline = inline
        self.small = small

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        return option

    def id_for_label(self, id_, index=None):
        # The error summary links to the field's id: for radios that must be the first option.
        return super().id_for_label(id_, "0" if index is None else index)


class GovCheckbox(forms.CheckboxInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-checkboxes__input", **(attrs or {})})


class GovDateInput(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input). Sub-inputs are named
    ``<name>_day``, ``<name>_month``, ``<name>_year``; ids end ``_0``, ``_1``, ``_2``."""

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets = {
            "day": forms.TextInput(
                attrs={**numeric, "class": numeric["class"] + " govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={**numeric, "class": numeric["class"] + " govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={**numeric, "class": numeric["class"] + " govuk-input--width-4"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""


class GovDateField(forms.Field):
    """A date typed into three boxes, with GOV.UK's error messages, naming the field."""

    widget = GovDateInput

    def __init__(self, *, error_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.error_name = error_name

    def _name(self) -> str:
        return self.error_name or str(self.label or "The date")

    def to_python(self, value):
        if isinstance(value, date):
            return value
        parts = [str(v or "").strip() for v in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [n for n, p in zip(("day", "month", "year"), parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(
                f"{self._name()} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(f"{self._name()} must be a real date", code="invalid")
        day, month, year = (int(p) for p in parts)
        if len(parts[2]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"{self._name()} must be a real date", code="invalid"
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(f"Enter {self._name().lower()}", code="required")


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as inline radios, cleaned to True or False."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", GovRadioSelect(inline=True))
        super().__init__(
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


def radios(choices, *, hints=None, inline=False, small=False, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, widget=GovRadioSelect(hints=hints, inline=inline, small=small), **kwargs
    )


def checkbox(label: str, **kwargs) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, widget=GovCheckbox(), **kwargs)


class VersionedForm(forms.Form):
    """Carries the record's version so that a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def optional_phone() -> forms.CharField:
    return forms.CharField(
        label="Phone (optional)",
        required=False,
        max_length=30,
        widget=text_input("20", type="tel", autocomplete="off"),
    )


def optional_email() -> forms.EmailField:
    return forms.EmailField(
        label="E-mail (optional)",
        required=False,
        widget=forms.EmailInput(
            attrs={"class": "govuk-input", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com"
        },
    )


class UpnField(forms.CharField):
    """A unique pupil number typed or pasted as people have it, with spaces and in either
    case: cleaned to the form it is stored in, then checked (policy.upn), so the form reports
    a bad UPN together with its other errors. The services check it again on every path."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Unique pupil number (UPN) (optional)")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "13 characters, starting with a letter")
        kwargs.setdefault("widget", text_input("20", spellcheck="false", autocomplete="off"))
        # A backstop only: validate() reports a UPN of the wrong length in its own words first.
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_upn(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and (problem := upn_error(value)):
            raise forms.ValidationError(problem, code="invalid")
