"""Invented case notes for the demo borough: short, plain and free of personal details, in the
voice of an officer writing things down after the event."""

INITIAL_CONTACT_NOTES = (
    "Phoned parent to introduce the service and explain the options for sharing information.",
    "Spoke with parent by phone. Explained that visits are optional and a written report is "
    "equally welcome.",
    "Parent rang back after the welcome letter. Talked through what the council does and when.",
    "E-mail exchange with parent; information pack sent and options for a first contact agreed.",
)

VISIT_NOTES = (
    "Met parent and child at home. Saw a weekly plan, reading books and a maths workbook.",
    "Virtual visit. Child showed a project on local history and some recent writing.",
    "Met at the central library. Parent described a mix of tutoring, online lessons and trips.",
    "Visit went well. Child is settled and talked about enjoying science experiments.",
    "Parent talked through a topic-based approach with regular reading and daily maths.",
)

DECLINED_NOTES = (
    "Parent prefers not to have a home visit. Offered a virtual visit, a meeting elsewhere or a "
    "written report; parent will send a written report.",
    "Home visit declined, which is the family's choice. Written report option agreed.",
)

REPORT_NOTES = (
    "Written report received, with samples of English and maths work and a reading list.",
    "Report describes daily routine, subjects covered and weekly swimming club.",
    "Detailed report and photographs of project work received by e-mail.",
)

ANNUAL_NOTES = (
    "Annual contact. Progress described in reading and maths; new interest in coding.",
    "Annual update received. Child now attends a weekly group with other home educated children.",
    "Annual contact by video call. Parent shared plans for the coming year.",
    "Annual visit. Child showed their work folder and talked about what they enjoy.",
)

EHCP_REVIEW_NOTES = (
    "EHCP annual review attended; parents asked for this to stand as the annual contact.",
)

CHILD_VIEWS = (
    "Likes learning at their own pace and wants to keep doing art.",
    "Says they feel calmer and enjoy the trips to the museum.",
    "Would like to do more science and meet other children.",
    "Happy at home; misses some friends from school.",
)

SUITABLE_REASONS = (
    "The information shows efficient, full-time education suited to the child's age and ability.",
    "Education appears suitable: a broad programme with clear progress in literacy and numeracy.",
    "Parents' report and work samples show suitable education for this child's needs.",
)

NOT_YET_SATISFIED_REASONS = (
    "The report describes interests but little about how literacy and numeracy are taught.",
    "Not enough information yet to judge whether the education suits the child's needs.",
    "The plan covers a narrow range of learning; we need more to form a view.",
)

WHAT_WOULD_HELP = (
    "A short description of how reading, writing and maths are approached, with two or three "
    "recent pieces of work.",
    "An outline of a typical week and some examples of the child's recent work.",
    "Information about how the child's special educational needs are being met at home.",
)

NOT_SUITABLE_REASONS = (
    "No reply to the request for further information, and what we hold does not show "
    "education suited to the child's age, ability and needs. Medical and SEN evidence "
    "considered.",
    "Information received does not show full-time education; concerns about literacy remain "
    "after two requests.",
)

CONSIDERATION_NOTES = {
    "literacy_and_numeracy": (
        "Daily reading and a structured maths scheme.",
        "Reading well; maths mostly practical, through cooking and shopping.",
    ),
    "range_of_learning": (
        "History, science and art covered through projects.",
        "Broad range including languages and music.",
    ),
    "interests_and_strengths": (
        "Programme built around the child's love of animals.",
        "Strong interest in drawing used across subjects.",
    ),
    "social_skills": (
        "Weekly home education group and sports club.",
        "Sees cousins and friends regularly; attends scouts.",
    ),
    "physical_activity": ("Swimming and cycling each week.",),
    "learners_views": ("Child's views heard with parent's consent; wants more science.",),
    "planned_outcomes_and_progress": ("Parent keeps a simple progress diary.",),
}

# Reasonable enquiries on a CME case (DOMAIN §5.3): the checklist item and what it found.
CME_FIRST_ENQUIRY = (
    "school_and_emergency_contacts",
    "Called the last school and the emergency contacts; no one knew where the family is.",
)
CME_HOME_VISIT = ("home_visit", "Visited the last known address: no answer; card left.")
CME_ENQUIRIES = (
    ("letter_last_known_address", "Letter sent to the last known address."),
    ("health", "Checked with school nursing and the GP practice."),
    ("childrens_social_care", "Checked with children's social care: not known."),
    ("housing_and_benefits", "Housing and benefits records checked."),
    ("other_councils", "Enquiry sent to the neighbouring councils' CME officers."),
    ("siblings_schools", "Siblings' schools contacted."),
    ("police", "Asked the police whether the family is known to have moved."),
)
CME_LOST_PUPIL = (
    "lost_pupil_database",
    "Lost pupil database searched; the child's details uploaded (CTF).",
)
CME_SOCIAL_CARE = (
    "childrens_social_care",
    "Known to children's social care: allocated worker informed the same day.",
)

SCHOOL_MEETING_NOTES = (
    "Met parent and head of year at school to talk through home education and alternatives.",
    "Meeting at school: discussed support available, including a part-time timetable.",
    "Parent considering home education because of anxiety; school offered a pastoral plan.",
)

SAFEGUARDING_DETAILS = (
    "Information from a neighbour raised concerns about the child's welfare; referred to "
    "children's social care.",
    "Child disclosed worries during a visit; referral made the same day.",
    "Health visitor shared concerns about the home; referral made to children's social care.",
)

CLOSURE_OTHER_NOTES = (
    "Enrolled full time on a 14 to 16 college course.",
    "Duplicate record; case continued under the other record.",
)

INVOLVEMENT_OTHER_NOTES = ("Family moved to another school in the area instead.",)
