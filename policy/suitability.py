"""The council's considerations for judging whether home education appears suitable.

Education Act 1996 s7 asks for efficient, full-time education suited to the child's age, ability
and aptitude and to any special educational needs. The council drew up the considerations below
with home educators and partners, following the DfE's non-statutory guidance, to explain what
officers look for. They inform an officer's judgement; they are not a checklist to complete and
not a score. Missing one of them does not make education unsuitable, families may educate in
very different ways, and each child is looked at as an individual, including any SEND, culture,
religion, sex or sexual orientation.
"""

from __future__ import annotations

from dataclasses import dataclass

GUIDANCE_NOT_A_CHECKLIST = (
    "These considerations guide the officer's judgement about the child in front of them. They "
    "are not a checklist and are never added up into a score: education can appear suitable "
    "without every one of them, and the reasons for a judgement should say which evidence was "
    "weighed and why."
)


@dataclass(frozen=True)
class Consideration:
    code: str
    title: str
    guidance: str


CONSIDERATIONS: tuple[Consideration, ...] = (
    Consideration(
        "preparation_for_adulthood",
        "Preparation for adulthood",
        "Look for education that moves the child towards independence and takes account of "
        "their ambitions, wishes and feelings.",
    ),
    Consideration(
        "interests_and_strengths",
        "Interests and strengths",
        "Ask how the programme is shaped around what the child enjoys and is good at.",
    ),
    Consideration(
        "range_of_learning",
        "Range of learning",
        "Look for learning across different subjects, topics or areas, pitched at the "
        "child's age, ability, strengths and needs.",
    ),
    Consideration(
        "literacy_and_numeracy",
        "Literacy and numeracy",
        "Ask how reading, writing and mathematics are approached and planned for this child's "
        "age, ability and needs.",
    ),
    Consideration(
        "planned_outcomes_and_progress",
        "Planned outcomes and progress",
        "Ask what the parents aim for the child to learn and how they know the child is moving "
        "forward.",
    ),
    Consideration(
        "sufficient_time",
        "Sufficient time and support",
        "Consider whether enough time goes into the education and whether the child is properly "
        "supervised and helped while learning.",
    ),
    Consideration(
        "learning_environment",
        "Learning environment",
        "Consider whether the child learns somewhere safe and suitable where they can settle and "
        "work with confidence.",
    ),
    Consideration(
        "social_skills",
        "Social skills and inclusion",
        "Look for chances to mix with others, build relationships and take part in the wider "
        "community.",
    ),
    Consideration(
        "physical_activity",
        "Physical activity",
        "Ask what physical activity, suited to the child's ability, is part of their week.",
    ),
    Consideration(
        "health_and_wellbeing",
        "Health and wellbeing",
        "Consider whether the child's physical, social and emotional wellbeing is encouraged and "
        "any known risks are being supported.",
    ),
    Consideration(
        "learners_views",
        "The child's views",
        "Find out what the child thinks of their education and whether their views are acted on.",
    ),
    Consideration(
        "qualifications_plan",
        "Plan for qualifications",
        "Where the child is working towards qualifications, ask how entries, exam centres and "
        "costs will be arranged.",
    ),
    Consideration(
        "british_values",
        "Fundamental British values",
        "Check that nothing in the education runs directly against fundamental British values as "
        "the government defines them.",
    ),
    Consideration(
        "third_party_providers",
        "Tutors and other providers",
        "Where parents use tutors or settings, ask how they have satisfied themselves that the "
        "people are safe with children, the premises are suitable and the setting is not an "
        "unregistered school.",
    ),
)

CONSIDERATIONS_BY_CODE: dict[str, Consideration] = {c.code: c for c in CONSIDERATIONS}

CONSIDERATION_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (c.code, c.title) for c in CONSIDERATIONS
)


def consideration(code: str) -> Consideration:
    """Return the consideration with ``code``; an unknown code raises ``KeyError``."""
    try:
        return CONSIDERATIONS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a suitability consideration code.") from None
