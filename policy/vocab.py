"""Controlled vocabularies for casework and the DfE termly return.

Each vocabulary is an ordered list of (code, label) pairs. Codes are what the database stores
and must never change once data uses them; labels are what people read. Where the DfE publishes
a vocabulary (DOMAIN.md §8), the labels are the DfE's wording exactly, so imported DfE files can
be mapped back to codes with ``code_for_label``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from types import MappingProxyType

_CODE = re.compile(r"^[A-Za-z0-9_]+$")


def _normalise(label: str) -> str:
    return " ".join(label.split()).casefold()


class VocabularyLookupError(KeyError, ValueError):
    """A code or label that is not in a vocabulary.

    It is both a ``KeyError`` (a failed lookup) and a ``ValueError`` (bad input from a file or
    form), so callers can catch whichever suits them.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Vocabulary:
    """An ordered, immutable set of (code, label) pairs.

    ``choices`` can be passed straight to a Django field; ``by_code`` and ``by_label`` are
    read-only dicts in both directions.
    """

    __slots__ = ("name", "choices", "by_code", "by_label", "_by_normalised_label")

    def __init__(self, name: str, pairs: tuple[tuple[str, str], ...]) -> None:
        codes = [code for code, _ in pairs]
        labels = [_normalise(label) for _, label in pairs]
        bad = [code for code in codes if not _CODE.match(code)]
        if bad:
            raise ValueError(f"{name}: codes must be letters, digits and underscores: {bad}")
        if len(set(codes)) != len(codes):
            raise ValueError(f"{name}: duplicate codes")
        if len(set(labels)) != len(labels):
            raise ValueError(f"{name}: duplicate labels")
        self.name = name
        self.choices = tuple((code, label) for code, label in pairs)
        self.by_code = MappingProxyType(dict(self.choices))
        self.by_label = MappingProxyType({label: code for code, label in self.choices})
        self._by_normalised_label = {_normalise(label): code for code, label in self.choices}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.choices)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.choices)

    def label(self, code: str) -> str:
        """Return the label for ``code``; an unknown code raises ``VocabularyLookupError``."""
        try:
            return self.by_code[code]
        except KeyError:
            raise VocabularyLookupError(
                f"{code!r} is not a code in {self.name}; expected one of {', '.join(self.codes)}."
            ) from None

    def code_for_label(self, label: str) -> str:
        """Return the code for a label, ignoring differences in case and spacing.

        Unknown labels raise ``VocabularyLookupError``, so an import stops rather than
        guessing.
        """
        code = self.by_label.get(label) or self._by_normalised_label.get(_normalise(label))
        if code is None:
            raise VocabularyLookupError(f"{label!r} is not a label in {self.name}.")
        return code

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __repr__(self) -> str:
        return f"<Vocabulary {self.name}: {len(self)} entries>"


# DOMAIN.md §8.3, DfE labels as used from autumn 2025.
EHE_REASONS = Vocabulary(
    "EHE_REASONS",
    (
        ("mental_health", "Mental health"),
        ("physical_health", "Physical health"),
        ("covid19_health_concerns", "Health concerns related to COVID19"),
        ("school_dissatisfaction_general", "School dissatisfaction general"),
        ("school_dissatisfaction_send", "School dissatisfaction SEND"),
        ("school_dissatisfaction_bullying", "School dissatisfaction bullying"),
        ("lifestyle", "Lifestyle"),
        ("philosophical_or_preferential", "Philosophical or preferential"),
        ("religious", "Religious"),
        ("risk_of_school_exclusion", "Risk of school exclusion"),
        ("permanent_exclusion", "Permanent exclusion"),
        ("did_not_get_school_preference", "Did not get school preference"),
        ("difficulty_accessing_school_place", "Difficulty accessing suitable school place"),
        ("offered_place_not_accepted", "Offered school place but not yet accepted"),
        ("did_not_apply_at_csa", "Did not apply for school place at compulsory school age"),
        ("school_suggestion", "School suggestion"),
        ("other", "Other"),
        ("no_reason_given", "No reason given"),
        ("unknown", "Unknown"),
    ),
)

# The DfE added these two reasons in autumn 2025; returns for earlier terms will not use them.
EHE_REASONS_ADDED_AUTUMN_2025 = frozenset({"offered_place_not_accepted", "did_not_apply_at_csa"})

# DOMAIN.md §8.5.
CME_REASONS = Vocabulary(
    "CME_REASONS",
    (
        ("moved_in_from_another_la", "Moved in from another local authority"),
        ("moved_in_from_another_country", "Moved in from another country"),
        ("school_application_awaiting_outcome", "School application awaiting outcome"),
        ("offered_place_not_accepted", "Offered school place but not yet accepted"),
        ("waiting_school_start", "Waiting school start"),
        ("did_not_get_school_preference", "Did not get school preference"),
        ("unsuitable_ehe", "Unsuitable elective home education"),
        ("difficulty_accessing_school_place", "Difficulty accessing suitable school place"),
        ("school_dissatisfaction_general", "School dissatisfaction general"),
        ("school_dissatisfaction_send", "School dissatisfaction SEND"),
        ("mental_health", "Mental health"),
        ("physical_health", "Physical health"),
        ("parental_decision_not_to_register", "Parental decision not to register at school"),
        ("did_not_apply_at_csa", "Did not apply for school place at compulsory school age"),
        ("challenging_sao", "Challenging school attendance order"),
        ("believed_moved_to_another_la", "Believed to have moved to another local authority"),
        ("believed_moved_to_another_country", "Believed to have moved to another country"),
        ("unknown", "Unknown"),
        ("not_recorded", "Not recorded"),
        ("other", "Other"),
    ),
)

# DOMAIN.md §8.4.
CME_DURATION_BANDS = Vocabulary(
    "CME_DURATION_BANDS",
    (
        ("weeks_under_2", "Less than 2 weeks"),
        ("weeks_2_to_4", "2 to 4 weeks"),
        ("weeks_4_to_8", "4 to 8 weeks"),
        ("weeks_8_to_12", "8 to 12 weeks"),
        ("weeks_12_to_26", "12 to 26 weeks"),
        ("weeks_26_to_52", "26 to 52 weeks"),
        ("weeks_over_52", "Over 52 weeks"),
        ("unknown", "Unknown"),
    ),
)

# Lower bound in whole weeks of each known band, in the same order as CME_DURATION_BANDS.
_DURATION_BAND_FLOORS = (0, 2, 4, 8, 12, 26, 52)


def cme_duration_band(start: date | None, census: date) -> str:
    """Return the DfE duration band label for a CME episode counted on ``census``.

    Duration is in whole weeks from the start of the episode to the census date, rounded down.
    ``"Unknown"`` is used only when the start date is not known; a start after the census date
    means the child was not CME on that date, which is a caller's error.
    """
    if start is None:
        return CME_DURATION_BANDS.label("unknown")
    if start > census:
        raise ValueError(
            f"CME start {start.isoformat()} is after the census date {census.isoformat()}."
        )
    weeks = (census - start).days // 7
    index = sum(1 for floor in _DURATION_BAND_FLOORS if weeks >= floor) - 1
    return CME_DURATION_BANDS.choices[index][1]


# DOMAIN.md §8.2: previous school of children starting EHE.
PREVIOUS_SCHOOL_TYPES = Vocabulary(
    "PREVIOUS_SCHOOL_TYPES",
    (
        ("early_years_setting", "Early years setting"),
        ("not_previously_in_school", "Not previously in school"),
        ("la_maintained", "LA maintained"),
        ("academy", "Academy"),
        ("free_school", "Free school"),
        ("independent", "Independent"),
        ("special", "Special"),
        ("alternative_provision", "Alternative provision"),
        ("pupil_referral_unit", "Pupil referral unit"),
        ("home_educated_another_area", "Already home educated (another area)"),
        ("other_or_unknown", "Other/unknown"),
    ),
)

# DOMAIN.md §5.5.
EHE_CLOSURE_REASONS = Vocabulary(
    "EHE_CLOSURE_REASONS",
    (
        ("returned_to_school", "Returned to school"),
        ("moved_away", "Moved out of the council area"),
        ("left_country", "Left the country"),
        ("ceased_csa", "Ceased to be of compulsory school age"),
        ("became_cme", "Became CME"),
        ("deceased", "Deceased"),
        ("other", "Other"),
    ),
)


def is_return_to_school(closure_reason: str) -> bool:
    """Return whether an EHE closure counts as a return in the DfE annual figures.

    The return counts closures for a return to school as "returns" and every other closure as
    "leave" (DOMAIN.md §5.5).
    """
    EHE_CLOSURE_REASONS.label(closure_reason)
    return closure_reason == "returned_to_school"


# DOMAIN.md §5.3.
CME_CLOSURE_OUTCOMES = Vocabulary(
    "CME_CLOSURE_OUTCOMES",
    (
        ("on_roll_in_area", "On roll at a school in the area"),
        ("other_council_area", "On roll or resident in another council area"),
        ("left_country", "Left the country"),
        ("ehe", "Elective home education"),
        ("ceased_csa", "Ceased to be of compulsory school age"),
        ("deceased", "Deceased"),
        ("untraced", "Untraced after all enquiries"),
    ),
)

# Single letters are the usual codes for sex in school data, so they are kept as the codes.
SEX = Vocabulary("SEX", (("F", "Female"), ("M", "Male"), ("U", "Unknown")))

SEN_STATUS = Vocabulary(
    "SEN_STATUS",
    (
        ("none", "None"),
        ("sen_support", "SEN support"),
        ("ehcp", "EHCP"),
    ),
)

CSC_STATUS = Vocabulary(
    "CSC_STATUS",
    (
        ("none", "None"),
        ("cin", "Child in need"),
        ("cpp", "Child protection plan"),
        ("cla", "Looked after"),
    ),
)

# School Attendance (Pupil Registration) (England) Regulations 2024, regulation 9(1). The
# labels are short summaries for officers, not the regulation's wording.
DELETION_GROUNDS = Vocabulary(
    "DELETION_GROUNDS",
    (
        ("a", "(a) Registered at another school"),
        ("b", "(b) Not moving up from the nursery class"),
        ("c", "(c) Dual registration at this school has ended"),
        ("d", "(d) School attendance order amended to another school"),
        ("e", "(e) School attendance order revoked"),
        ("f", "(f) Parent has given written notice of home education"),
        ("g", "(g) Moved too far away to attend"),
        ("h", "(h) Did not return within 10 school days of agreed leave; joint enquiries made"),
        ("i", "(i) Absent without authorisation for 20 school days in a row; joint enquiries made"),
        ("j", "(j) Detained"),
        ("k", "(k) Died"),
        ("l", "(l) Beyond compulsory school age and not staying on"),
        ("m", "(m) Boarding fees not paid"),
        ("n", "(n) Left an independent or non-maintained special school"),
        ("o", "(o) Permanently excluded"),
    ),
)

# DOMAIN.md §5.4: what a deletion return on each ground does to the child's episodes.
DELETION_GROUND_OPENS_EHE = frozenset({"f"})
DELETION_GROUNDS_OPEN_CME_IF_DESTINATION_UNKNOWN = frozenset({"g", "h", "i"})
DELETION_GROUNDS_CLOSE_EPISODES = frozenset({"k"})

# How a contact happened, and which of these a parent prefers. A declined home visit is a valid
# choice, so every option here is an equally acceptable way of sharing information.
CONTACT_METHODS = Vocabulary(
    "CONTACT_METHODS",
    (
        ("home_visit", "Home visit"),
        ("virtual_visit", "Virtual visit"),
        ("meeting_elsewhere", "Meeting elsewhere"),
        ("written_report", "Written report"),
        ("phone", "Phone"),
        ("email", "E-mail"),
    ),
)
PREFERRED_CONTACT_METHODS = CONTACT_METHODS

SUITABILITY_OUTCOMES = Vocabulary(
    "SUITABILITY_OUTCOMES",
    (
        ("appears_suitable", "Appears suitable"),
        ("not_yet_satisfied", "Not yet satisfied"),
        ("does_not_appear_suitable", "Does not appear suitable"),
    ),
)

# Ways a formal notice is served. "hand" covers handing it over and leaving it at the address.
# E-mail is deliberately absent: the service sends an e-mail only as a courtesy copy, because a
# deemed service date must rest on a method whose timing the law settles (DOMAIN.md §6).
SERVICE_METHODS = Vocabulary(
    "SERVICE_METHODS",
    (
        ("first_class", "First class post"),
        ("second_class", "Second class post"),
        ("hand", "By hand"),
    ),
)

# DOMAIN.md §5.2: how the council learned that a child is home educated.
EHE_NOTIFICATION_SOURCES = Vocabulary(
    "EHE_NOTIFICATION_SOURCES",
    (
        ("school_deletion_return", "School deletion return"),
        ("parent", "Parent"),
        ("partner_agency", "Partner agency"),
        ("other_council", "Another council"),
        ("other", "Other"),
    ),
)

# DOMAIN.md §5.1.
INVOLVEMENT_OUTCOMES = Vocabulary(
    "INVOLVEMENT_OUTCOMES",
    (
        ("remained_in_school", "Remained in school"),
        ("became_ehe", "Became EHE"),
        ("other", "Other"),
    ),
)

# DOMAIN.md §5.2 / issue: every kind of contact an officer records.
CONTACT_TYPES = Vocabulary(
    "CONTACT_TYPES",
    (
        ("initial_contact", "Initial contact"),
        ("annual_contact", "Annual contact"),
        ("home_visit", "Home visit"),
        ("virtual_visit", "Virtual visit"),
        ("meeting_elsewhere", "Meeting elsewhere"),
        ("phone", "Phone call"),
        ("email", "E-mail"),
        ("letter", "Letter"),
        ("written_report", "Written report received"),
        ("school_meeting", "School meeting"),
        ("ehcp_annual_review", "EHCP annual review"),
    ),
)

CONTACT_OUTCOMES = Vocabulary(
    "CONTACT_OUTCOMES",
    (
        ("completed", "Completed"),
        ("visit_declined", "Home visit declined; other options offered"),
        ("no_response", "No response"),
        ("rearranged", "Rearranged"),
        ("information_received", "Information received"),
    ),
)

RELATIONSHIPS = Vocabulary(
    "RELATIONSHIPS",
    (
        ("mother", "Mother"),
        ("father", "Father"),
        ("step_parent", "Step-parent"),
        ("grandparent", "Grandparent"),
        ("foster_carer", "Foster carer"),
        ("special_guardian", "Special guardian"),
        ("other_carer", "Other carer"),
    ),
)

DOCUMENT_TYPES = Vocabulary(
    "DOCUMENT_TYPES",
    (
        ("parent_report", "Parent's report"),
        ("work_sample", "Work sample"),
        ("correspondence", "Correspondence"),
        ("parent_notice", "Parent's written notice"),
        ("medical_evidence", "Medical evidence"),
        ("sen_evidence", "SEN or EHCP evidence"),
        ("other", "Other"),
    ),
)

# Where a CME referral came from (DOMAIN.md §5.3) and, for every episode, how we learned.
CASE_SOURCES = Vocabulary(
    "CASE_SOURCES",
    (
        ("school_deletion_return", "School deletion return"),
        ("school", "School"),
        ("parent", "Parent"),
        ("partner_agency", "Partner agency"),
        ("public", "Member of the public"),
        ("other_council", "Another council"),
        ("imported", "Imported register"),
        ("other", "Other"),
    ),
)


# DOMAIN.md §5.3: the reasonable enquiries made to find a child missing education. Each is
# recorded with a date, who made it and its outcome.
CME_ENQUIRY_ITEMS = Vocabulary(
    "CME_ENQUIRY_ITEMS",
    (
        ("school_and_emergency_contacts", "School and emergency contacts called"),
        ("letter_last_known_address", "Letter to the last known address"),
        ("home_visit", "Home visit"),
        ("siblings_schools", "Siblings' schools"),
        ("health", "Health (GP or school nursing)"),
        ("childrens_social_care", "Children's social care"),
        ("housing_and_benefits", "Housing and benefits"),
        ("police", "Police"),
        ("other_councils", "Other councils' CME officers"),
        ("lost_pupil_database", "School-to-school lost pupil database (CTF upload)"),
        ("border_force_home_office", "Border Force or Home Office"),
    ),
)

# What a school can send through the front door.
SCHOOL_NOTICE_KINDS = Vocabulary(
    "SCHOOL_NOTICE_KINDS",
    (
        ("deletion", "Pupil removed from the admission register"),
        ("considering_ehe", "Parent considering home education"),
    ),
)

# What a school sees of its submission. Internal processing detail stays with the council.
# Each message to the school reads as what it is: a question it can answer, an order that
# stops the removal, a refusal with its reasons, or a return passed to another council.
RETURN_STATUSES = Vocabulary(
    "RETURN_STATUSES",
    (
        ("received", "Received"),
        ("processed", "Processed"),
        ("query_raised", "Question from the council"),
        ("order_in_force", "School attendance order in force"),
        ("consent_refused", "Consent refused"),
        ("referred", "Passed to another council"),
    ),
)

RETURN_OUTCOMES = Vocabulary(
    "RETURN_OUTCOMES",
    (
        ("ehe_opened", "Home education case opened"),
        ("cme_opened", "Children missing education case opened"),
        ("involvement_opened", "Considering home education case opened"),
        ("episodes_closed", "Open cases closed"),
        ("linked", "Linked to the child's open case"),
        ("recorded", "Recorded; no case opened"),
        ("consent_required", "Council consent needed before removal"),
        ("consent_refused", "Consent refused: the pupil stays on roll"),
        ("referred_to_other_council", "Referred to the council that arranged the place"),
        ("sao_in_force", "School attendance order in force: revoke first"),
        ("awaiting_match", "Waiting to be matched to a child"),
        ("waiting_for_deletion_date", "Waiting for the deletion date"),
    ),
)

CONSENT_KINDS = Vocabulary(
    "CONSENT_KINDS",
    (
        ("special_school", "Removal from a special school placed by the council"),
        ("s434a", "Removal of a child subject to s47 enquiries or a child protection plan"),
    ),
)

CONSENT_DECISIONS = Vocabulary(
    "CONSENT_DECISIONS",
    (
        ("pending", "Waiting for a decision"),
        ("granted", "Consent given"),
        ("refused", "Consent refused"),
        # The place was arranged by another council: the consent is theirs to give.
        ("referred", "Referred to the council that arranged the place"),
    ),
)


VOCABULARIES: dict[str, Vocabulary] = {
    vocabulary.name: vocabulary
    for vocabulary in (
        EHE_REASONS,
        CME_REASONS,
        CME_DURATION_BANDS,
        PREVIOUS_SCHOOL_TYPES,
        EHE_CLOSURE_REASONS,
        CME_CLOSURE_OUTCOMES,
        SEX,
        SEN_STATUS,
        CSC_STATUS,
        DELETION_GROUNDS,
        CONTACT_METHODS,
        SUITABILITY_OUTCOMES,
        SERVICE_METHODS,
        EHE_NOTIFICATION_SOURCES,
        INVOLVEMENT_OUTCOMES,
        CONTACT_TYPES,
        CONTACT_OUTCOMES,
        RELATIONSHIPS,
        DOCUMENT_TYPES,
        CASE_SOURCES,
        CME_ENQUIRY_ITEMS,
        SCHOOL_NOTICE_KINDS,
        RETURN_STATUSES,
        RETURN_OUTCOMES,
        CONSENT_KINDS,
        CONSENT_DECISIONS,
    )
}
