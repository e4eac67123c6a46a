"""Free text is limited where it lands: each model field's ``max_length`` (sizes from
policy.text). The services check it before writing, so the web, the API, jobs and imports all
refuse an over-long value in the same words, naming the field, and save nothing; a database
would otherwise truncate it (or, in SQLite, keep it)."""

from django.db import models

from policy.text import too_long as too_long_message


def too_long(model: type[models.Model], *, keys=None, **values: str) -> dict[str, str]:
    """A field error for each of ``values`` longer than ``model``'s field of that name allows,
    keyed by the field's name, or by ``keys[name]`` where the caller's argument has another
    name (and then worded with it)."""
    errors = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = field.max_length
        if limit and isinstance(value, str) and len(value) > limit:
            key = (keys or {}).get(name, name)
            what = str(field.verbose_name) if key == name else key.replace("_", " ")
            errors[key] = too_long_message(what, limit)
    return errors
