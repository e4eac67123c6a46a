"""What the GOV.UK form templates (templates/includes/) need from a Django form that the
template language cannot work out: the error summary in the order the page shows the fields,
each error linked to the control it is about, and which boxes of a date input are at fault.

    {% load gov_forms %}
    {% error_summary_items form as items %}
"""

from django import template

register = template.Library()

DATE_WIDGET = "govdate"  # cases.forms.child_fields.GovDateInput


def page_order(form) -> list:
    """The visible fields in the order the page shows them. A form laid out in sections
    (``sections``: pairs of a heading and field names, as the registration forms have) is
    shown section by section; any other form shows its fields in the form's own order (use
    ``Form.order_fields`` to make that the page's)."""
    visible = {field.name: field for field in form.visible_fields()}
    ordered = []
    for _title, names in getattr(form, "sections", ()):
        ordered.extend(visible.pop(name) for name in names if name in visible)
    return ordered + list(visible.values())


def date_parts_at_fault(field) -> list[int]:
    """The boxes of a day-month-year input that an error is about (0, 1, 2), as GOV.UK asks:
    the missing ones when some were left blank, the ones that are not numbers, the year when
    it is not 4 digits; otherwise all three (the date as a whole is wrong)."""
    if not field.errors:
        return []
    value = field.value()
    parts = [str(part or "").strip() for part in value] if isinstance(value, list | tuple) else []
    if len(parts) != 3 or not any(parts):
        return [0, 1, 2]
    if missing := [index for index, part in enumerate(parts) if not part]:
        return missing
    if not_numbers := [index for index, part in enumerate(parts) if not part.isdigit()]:
        return not_numbers
    if len(parts[2]) != 4:
        return [2]
    return [0, 1, 2]


def control_id(field) -> str:
    """The id of the control an error summary link moves to: for radios the first option,
    for a date the first box at fault, otherwise the field's own control."""
    if field.widget_type == DATE_WIDGET:
        return f"{field.auto_id}_{date_parts_at_fault(field)[0] if field.errors else 0}"
    return field.id_for_label


@register.simple_tag
def error_summary_items(form) -> list[dict[str, str]]:
    """Every error of ``form``, once each, as ``{"text", "href"}`` in page order: errors of
    the form as a whole first (linked to its first field, as GOV.UK recommends), then each
    field's errors in the order the fields appear. Errors on hidden fields have no link, since
    there is nothing to move to."""
    fields = page_order(form)
    first = f"#{control_id(fields[0])}" if fields else ""
    items = [{"text": str(error), "href": first} for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items.extend({"text": str(error), "href": ""} for error in field.errors)
    for field in fields:
        href = f"#{control_id(field)}"
        items.extend({"text": str(error), "href": href} for error in field.errors)
    return items


@register.filter
def parts_at_fault(field) -> list[int]:
    return date_parts_at_fault(field)


@register.filter
def thousands(number) -> str:
    """5000 as "5,000", as GOV.UK's character count writes its limit."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return ""
