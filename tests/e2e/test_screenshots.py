"""Pictures of the main pages for the README, taken from the invented borough in
tests/e2e/world.py at a desktop's width. They are written to the folder named by
EHE_SCREENSHOTS (to refresh the README's: ``EHE_SCREENSHOTS=docs/screenshots``), or else to a
temporary folder; either way each must be a real, non-empty PNG 1280 pixels wide."""

import os
import struct
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.e2e.test_sign_in import sign_in
from tests.e2e.world import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1280, 1000
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG, f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])  # the IHDR chunk's width and height


def test_screenshots_of_the_main_pages(page, live_server, make_user, tmp_path):
    folder = Path(os.environ.get("EHE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    world = build_world(make_user, timezone.localdate())
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    written = []

    def shoot(name: str) -> None:
        page.wait_for_load_state("networkidle")
        page.mouse.move(0, 0)  # no hover effects in the picture
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=False, animations="disabled", caret="hide")
        written.append(path)

    sign_in(page, live_server.url, "e2e-officer", PASSWORD)
    shoot("officer-home")
    page.goto(f"{live_server.url}{reverse('caseload')}?scope=team")
    shoot("caseload")
    page.goto(f"{live_server.url}{reverse('child-detail', args=[world.child.uid])}")
    shoot("child-page")
    page.goto(f"{live_server.url}{world.case_url('child-judgement-new')}")
    shoot("judgement-form")
    page.goto(f"{live_server.url}{reverse('triage')}")
    shoot("triage")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "e2e-school", PASSWORD)
    page.goto(f"{live_server.url}{reverse('school-return-start')}")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Pupil removed from the admission register").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    shoot("school-journey")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "e2e-analyst", PASSWORD)
    shoot("analyst-home")

    assert [p.name for p in written] == [
        "officer-home.png",
        "caseload.png",
        "child-page.png",
        "judgement-form.png",
        "triage.png",
        "school-journey.png",
        "analyst-home.png",
    ]
    for path in written:
        assert path.stat().st_size > 10_000, f"{path.name} is nearly empty"
        assert path.stat().st_size < 300_000, f"{path.name} is too big for the README"
        assert png_size(path) == (WIDTH, HEIGHT), path.name
