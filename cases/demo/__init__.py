"""The invented demo borough that ``manage.py load_demo`` creates.

Two stages, so the borough is reproducible and quick to check:

1. ``stories.plan_borough`` works out, in plain Python with a seeded random generator, every
   child, family and episode and a dated list of steps for each (no database; the same seed,
   size and date always give the same plan). ``shape`` counts the plan's DfE figures (EHE and
   CME at each census, starts, returns, s437 notices, orders…) so it can be tuned and tested
   cheaply.
2. ``build.build_borough`` writes the plan in one transaction. The split: every step in the
   last twelve months, which is what officers work on today, goes through the casework
   services (``child_create``, ``episode_open``, ``contact_record``, ``judgement_record``,
   ``episode_transition`` …), each dated the day it happened, so current cases carry events,
   audit entries, alerts and due dates exactly as real use leaves them. Older history, closed
   or not, is written in bulk by ``history.HistoryWriter``, which leaves the same rows the
   services would (events with the same actions and data, audit entries, status moves, alerts,
   unsuitable periods, dated histories); a test builds one plan both ways and compares them.
   Replaying all of it through the services takes about three times as long (about 40 s
   against 13 s for the default 800 children on SQLite on a quiet machine, past a minute on a
   busy one), mostly in each write re-reckoning the case's due date.
   The bulk writer asks the services' own pure guards before every step it writes
   (``checks.StoryChecker``), so it writes only what they would accept. Due dates are
   refreshed for today at the end.

Everything is invented: names from short lists, streets in a made-up town with "ZZ"
postcodes (never issued), schools with URNs from 900001 and DfE's pseudo local authority
number ``schools.DEMO_LA_CODE``, and UPNs built on that number with valid check letters.
"""

from .accounts import EXTRA_ACCOUNTS, demo_team_ensure
from .build import BuildResult, borough_exists, build_borough
from .plan import BoroughPlan
from .shape import shape
from .stories import plan_borough

DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 800

__all__ = [
    "DEFAULT_CHILDREN",
    "DEFAULT_SEED",
    "EXTRA_ACCOUNTS",
    "BoroughPlan",
    "BuildResult",
    "borough_exists",
    "build_borough",
    "demo_team_ensure",
    "plan_borough",
    "shape",
]
