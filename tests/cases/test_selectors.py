from datetime import date

import pytest

from cases.selectors import child_page
from cases.services import contact_record, judgement_record
from tests.cases.conftest import TODAY
from tests.cases.factories import EHEEpisodeFactory

pytestmark = pytest.mark.django_db


def test_timeline_orders_same_day_items_by_when_they_were_written(officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    contact_record(
        by=officer,
        episode=episode,
        contact_type="written_report",
        occurred_on=date(2026, 11, 2),
        outcome="information_received",
        today=TODAY,
        channel="web",
    )
    # "Not yet satisfied" writes a judgement, an information request and a status change, all
    # dated the same day.
    judgement_record(
        by=officer,
        episode=episode,
        decided_on=date(2026, 11, 2),
        outcome="not_yet_satisfied",
        reasons="Little on numeracy",
        what_would_help="Examples of maths work",
        today=TODAY,
        channel="web",
    )
    page = child_page(episode.child_id, today=TODAY)
    kinds = [item.kind for item in page.timeline]
    assert kinds[:4] == ["event", "information_request", "judgement", "contact"]
    assert page.timeline[0].title == "Status changed"
    assert kinds[-1] == "contact"


def test_formal_steps_appear_on_the_timeline():
    from cases.models import FormalStep

    episode = EHEEpisodeFactory(status="s437_notice", start_date=date(2025, 9, 1))
    FormalStep.objects.create(episode=episode, kind="s437_notice", occurred_on=date(2026, 3, 4))
    page = child_page(episode.child_id, today=TODAY)
    assert [(i.kind, i.title, i.on) for i in page.timeline] == [
        ("formal", "s437(1) notice served", date(2026, 3, 4))
    ]
