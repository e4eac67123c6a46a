from datetime import date

import pytest
from django.urls import reverse

from cases.models import CaseworkSettings
from ehe.roles import Role
from tests.cases.factories import EHEEpisodeFactory

pytestmark = pytest.mark.django_db


def test_administrator_changing_a_timescale_moves_due_dates_at_once(client_as, time_machine):
    time_machine.move_to(date(2026, 11, 20))
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 1))
    client = client_as(Role.ADMINISTRATOR)
    row = CaseworkSettings.current()
    form = {name: getattr(row, name) for name in CaseworkSettings.EDITABLE_FIELDS}
    response = client.post(
        reverse("admin:cases_caseworksettings_change", args=[row.pk]),
        form | {"next_contact_months": 3},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("next_contact", date(2026, 12, 1))


def test_every_editable_value_is_on_the_settings_screen_once(client_as):
    from cases.admin import CaseworkSettingsAdmin

    shown = [name for _, group in CaseworkSettingsAdmin.fieldsets for name in group["fields"]]
    assert sorted(shown) == sorted(CaseworkSettings.EDITABLE_FIELDS)
    row = CaseworkSettings.current()
    row.save()
    html = (
        client_as(Role.ADMINISTRATOR)
        .get(reverse("admin:cases_caseworksettings_change", args=[row.pk]))
        .content.decode()
    )
    for name in CaseworkSettings.EDITABLE_FIELDS:
        assert f'name="{name}"' in html


def test_administrators_cannot_see_childrens_records_in_the_admin(client_as):
    client = client_as(Role.ADMINISTRATOR)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Casework settings" in index
    assert "Children" not in index and "Episodes" not in index


def test_officers_cannot_change_settings(client_as):
    response = client_as(Role.OFFICER).get(reverse("admin:cases_caseworksettings_changelist"))
    assert response.status_code == 302
