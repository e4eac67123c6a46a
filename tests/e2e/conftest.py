"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser():
    require_service(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # open; the ORM calls the tests make (creating users, flushing the database) are still
    # ordinary synchronous calls. Allowed only for the life of this package's browser.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    yield page
    context.close()


# --- accessibility at a phone's width and a desktop's ------------------------------------------

# Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# A small phone held upright (WCAG 1.4.10 Reflow asks for 320 CSS px; 390 is the brief's
# phone) and an ordinary desktop.
WIDTHS = (390, 1280)


def axe_violations(page) -> list[str]:
    """Every WCAG A/AA violation axe finds on the page as it stands, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']} ({v.get('impact')}): {v['help']}: "
        + " | ".join(node["html"][:160] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


# The outermost elements that stick out past the window's right edge (and are not inside a
# box that scrolls or clips them), to say what to fix.
_STICKING_OUT = """() => {
  const inner = window.innerWidth
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true
    }
    return false
  }
  const out = [...document.body.querySelectorAll('*')].filter(e => {
    const box = e.getBoundingClientRect()
    return box.width > 0 && box.right > inner + 1 && !clipped(e)
  })
  return out.filter(e => !out.includes(e.parentElement)).slice(0, 3).map(
    e => e.tagName.toLowerCase() + (e.className ? '.' + [...e.classList].join('.') : '')
  )
}"""


def sideways_scroll(page) -> str | None:
    """Why the page scrolls sideways at its current width, or None when it does not."""
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if widths["scroll"] > widths["inner"]:
        culprits = ", ".join(page.evaluate(_STICKING_OUT))
        return (
            f"scrolls sideways: {widths['scroll']} px of content in {widths['inner']} px"
            f" ({culprits})"
        )
    return None


def problems_at_both_widths(page, name: str = "", *, height: int = 900) -> list[str]:
    """Look at the page at a phone's width and a desktop's: anything that makes it scroll
    sideways, and every WCAG 2.0-2.2 A/AA violation axe finds. Returns one line per problem
    (empty when there are none), named after ``name`` or the page's address, so a test can
    check many pages and report them all at once. Leaves the page at the desktop width.

        assert problems_at_both_widths(page) == []
    """
    name = name or page.url
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)  # let the layout settle at the new width
        if reason := sideways_scroll(page):
            problems.append(f"{name} at {width} px {reason}")
        problems.extend(f"{name} at {width} px: {v}" for v in axe_violations(page))
    return problems


@pytest.fixture
def at_both_widths(page):
    """``at_both_widths()`` checks the page now showing; see problems_at_both_widths."""
    return lambda name="": problems_at_both_widths(page, name)
