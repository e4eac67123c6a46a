"""How the demo borough is spread: the weights behind every random choice in the plan.

Shares follow the seeds' borough where DOMAIN.md §8 and §9 give figures (mental health and
philosophical or preferential reasons most common, about one open CME case for every five or
six EHE children, starts in the autumn and after Christmas), and national patterns elsewhere.
"""

from datetime import date

from policy.workflow import CMEStatus, EHEStatus

# Share of the children in each story, for any size of borough (the seeds' borough held
# about five open EHE cases for every open CME case; most children known to the team are
# home educated now, and the rest are its recent history).
SHARES = (
    ("open_ehe", 0.59),
    ("open_cme", 0.105),
    ("open_involvement", 0.015),
    ("closed_ehe", 0.19),
    ("closed_cme", 0.075),
    ("closed_involvement", 0.025),
)

# Status of open EHE cases today; the rare states are guaranteed at least once.
OPEN_EHE_STATUSES = (
    (EHEStatus.NEW, 0.032),
    (EHEStatus.INFORMAL_ENQUIRY, 0.09),
    (EHEStatus.SUITABLE, 0.705),
    (EHEStatus.INFORMATION_REQUESTED, 0.075),
    (EHEStatus.PANEL, 0.009),
    (EHEStatus.S437_NOTICE, 0.011),
    (EHEStatus.SAO_PROCESS, 0.009),
    (EHEStatus.RETURNING_TO_SCHOOL, 0.069),
)
EHE_CLOSURES = (
    ("returned_to_school", 0.56),
    ("ceased_csa", 0.18),
    ("moved_away", 0.13),
    ("left_country", 0.05),
    ("became_cme", 0.04),
    ("other", 0.03),
    ("deceased", 0.01),
)
OPEN_CME_STATUSES = (
    (CMEStatus.REFERRED, 0.12),
    (CMEStatus.ENQUIRIES, 0.58),
    (CMEStatus.PLACING, 0.30),
)
CME_CLOSURES = (
    ("on_roll_in_area", 0.46),
    ("other_council_area", 0.2),
    ("left_country", 0.12),
    ("ehe", 0.06),
    ("ceased_csa", 0.04),
    ("untraced", 0.1),
    ("deceased", 0.02),
)

EHE_REASONS = (
    ("mental_health", 17),
    ("philosophical_or_preferential", 15),
    ("school_dissatisfaction_general", 9),
    ("school_dissatisfaction_send", 8),
    ("school_dissatisfaction_bullying", 5),
    ("lifestyle", 6),
    ("physical_health", 4),
    ("covid19_health_concerns", 1),
    ("religious", 3),
    ("risk_of_school_exclusion", 3),
    ("permanent_exclusion", 1),
    ("did_not_get_school_preference", 3),
    ("difficulty_accessing_school_place", 2),
    ("offered_place_not_accepted", 2),
    ("did_not_apply_at_csa", 2),
    ("school_suggestion", 1),
    ("other", 5),
    ("no_reason_given", 8),
    ("unknown", 5),
)
# The DfE added two reasons in autumn 2025 (policy.vocab); earlier starts never use them.
NEW_REASONS_FROM = date(2025, 9, 1)

CME_REASONS = (
    ("moved_in_from_another_la", 20),
    ("moved_in_from_another_country", 16),
    ("school_application_awaiting_outcome", 10),
    ("offered_place_not_accepted", 4),
    ("waiting_school_start", 5),
    ("did_not_get_school_preference", 3),
    ("difficulty_accessing_school_place", 5),
    ("school_dissatisfaction_general", 2),
    ("school_dissatisfaction_send", 3),
    ("mental_health", 3),
    ("physical_health", 1),
    ("parental_decision_not_to_register", 4),
    ("did_not_apply_at_csa", 3),
    ("challenging_sao", 1),
    ("believed_moved_to_another_la", 6),
    ("believed_moved_to_another_country", 6),
    ("unknown", 3),
    ("not_recorded", 2),
    ("other", 3),
)
CME_SOURCES = (
    ("school_deletion_return", 35),
    ("other_council", 15),
    ("partner_agency", 20),
    ("public", 5),
    ("school", 10),
    ("parent", 10),
    ("other", 5),
)

PREVIOUS_SCHOOL_TYPES = (
    ("academy", 40),
    ("la_maintained", 22),
    ("free_school", 3),
    ("independent", 4),
    ("special", 3),
    ("alternative_provision", 2),
    ("pupil_referral_unit", 2),
    ("early_years_setting", 2),
    ("not_previously_in_school", 7),
    ("home_educated_another_area", 7),
    ("other_or_unknown", 8),
)
# Year group of a home-educated child today: weighted to secondary, as nationally.
EHE_YEAR_GROUPS = (
    (1, 3),
    (2, 4),
    (3, 5),
    (4, 6),
    (5, 7),
    (6, 8),
    (7, 10),
    (8, 12),
    (9, 14),
    (10, 15),
    (11, 15),
)
CME_YEAR_GROUPS = tuple((year, 9 if year < 7 else 10) for year in range(1, 12))

# Starts (and school moves) follow the school year: most in the autumn and after Christmas,
# hardly any in August.
MONTH_WEIGHTS = {
    1: 1.2,
    2: 1.0,
    3: 1.1,
    4: 0.8,
    5: 1.0,
    6: 0.9,
    7: 0.8,
    8: 0.25,
    9: 1.3,
    10: 1.4,
    11: 1.3,
    12: 0.8,
}

# How often an annual contact leads to the formal ladder (panel, then an s437 notice) before
# the education appears suitable after all.
FORMAL_DETOUR_RATE = 0.08
# Children whose current case follows an earlier, unconnected one.
PRIOR_CME_RATE = 0.08
PRIOR_EHE_RATE = 0.12
