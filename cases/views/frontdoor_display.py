"""How the council's front-door screens put a school's return into words: GOV.UK summary
lists of everything the school sent, and the triage queue's rows."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from policy.frontdoor import RETURN_MESSAGE_KINDS
from policy.vocab import RETURN_OUTCOMES

from ..models import ConsentRequest, DeletionReturn, Episode, ReturnMessage
from ..selectors.frontdoor import (
    ANSWERED,
    AWAITING_MATCH,
    CME_REFERRED,
    CONSENT,
    CONSIDERING,
    EHE_NEW,
    WAITING_FOR_DATE,
    Candidate,
    TriageItem,
)
from .caseload import child_href, officer_name, short_date

NOT_ANSWERED = "Not answered"


def yes_no(value: bool | None) -> str:
    if value is None:
        return NOT_ANSWERED
    return "Yes" if value else "No"


def long_date(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else NOT_ANSWERED


def _text(value) -> str:
    return str(value).strip() if value not in (None, "") else NOT_ANSWERED


def return_href(r: DeletionReturn) -> str:
    return reverse("triage-return", args=[r.uid])


def outcome_label(r: DeletionReturn) -> str:
    if not r.outcome:
        return "Not processed yet"
    label = RETURN_OUTCOMES.label(r.outcome)
    if r.outcome == "waiting_for_deletion_date" and r.deletion_date:
        # A case starts on the deletion date; the return is routed on that day.
        return f"{label}: {long_date(r.deletion_date)}"
    return label


def short_text(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pupil_name(r: DeletionReturn) -> str:
    return " ".join(
        part for part in (r.pupil_first_name, r.pupil_middle_names, r.pupil_last_name) if part
    )


def pupil_address(r: DeletionReturn) -> str:
    return "\n".join(p for p in (r.address_line_1, r.address_line_2, r.town, r.postcode) if p)


def return_sections(r: DeletionReturn) -> list[dict]:
    """Everything the school sent, as it sent it, in the order the form asked for it."""
    pupil = [
        ("Name", pupil_name(r)),
        ("Date of birth", long_date(r.date_of_birth)),
        ("Sex", r.get_sex_display()),
        ("Unique pupil number (UPN)", r.upn or "Not given"),
        ("Address", pupil_address(r)),
        ("Special educational needs", r.get_sen_status_display()),
    ]
    parents = []
    for number, parent in enumerate(r.parents or [], start=1):
        name = " ".join(p for p in (parent.get("first_name", ""), parent.get("last_name", "")) if p)
        lines = [
            name or NOT_ANSWERED,
            parent.get("relationship") or "",
            parent.get("address") or "",
            f"Telephone: {parent['phone']}" if parent.get("phone") else "",
            f"Email: {parent['email']}" if parent.get("email") else "",
        ]
        parents.append((f"Parent {number}", "\n".join(line for line in lines if line)))
    sections = [
        {"title": "The pupil", "rows": pupil},
        {"title": "Parents the pupil lives with", "rows": parents},
    ]
    if r.kind == "deletion":
        destination = [
            ("Destination known", yes_no(r.destination_known)),
        ]
        if r.destination_known:
            destination += [
                ("School", _text(r.destination_school_name)),
                ("School URN", _text(r.destination_school_urn)),
                ("Local authority", _text(r.destination_local_authority)),
                ("In our area", yes_no(r.destination_in_area)),
                ("Future address", _text(r.future_address)),
            ]
        sections.append(
            {
                "title": "Removal from the register",
                "rows": [
                    ("Ground", r.get_ground_display() if r.ground else NOT_ANSWERED),
                    ("Deletion date", long_date(r.deletion_date)),
                    *destination,
                    (
                        "Special school place arranged by the council",
                        yes_no(r.placed_by_council),
                    ),
                    ("School attendance order in force", yes_no(r.sao_in_force)),
                ],
            }
        )
    if r.kind == "considering_ehe" or r.ground == "f":
        attendance = f"{r.attendance_percent}%" if r.attendance_percent is not None else ""
        sections.append(
            {
                "title": "Home education",
                "rows": [
                    ("Meeting offered", yes_no(r.meeting_offered)),
                    ("Meeting held", yes_no(r.meeting_held)),
                    ("School suggested home education", yes_no(r.school_suggested_ehe)),
                    ("Reason the parent gave", _text(r.parent_reason)),
                    ("Attendance", attendance or NOT_ANSWERED),
                    ("Exclusions and attendance context", _text(r.exclusions)),
                    ("School holds a safeguarding file", yes_no(r.safeguarding_file)),
                    (
                        "Child protection plan or section 47 enquiries",
                        yes_no(r.child_protection_plan_or_s47),
                    ),
                    ("Other notes", _text(r.notes)),
                ],
            }
        )
    elif r.notes:
        sections.append({"title": "Other notes", "rows": [("Notes", r.notes)]})
    return sections


def submission_rows(r: DeletionReturn) -> list[tuple[str, str]]:
    sent_by = officer_name(r.submitted_by) if r.submitted_by_id else ""
    how = "API" if r.channel == "api" else "Online form"
    return [
        ("Reference", r.reference),
        ("What the school told us", r.get_kind_display()),
        ("School", f"{r.school.name} (URN {r.school.urn})"),
        ("Received", f"{timezone.localtime(r.submitted_at):%-d %B %Y at %H:%M}"),
        ("Sent by", f"{how}{f', {sent_by}' if sent_by else ''}"),
    ]


def message_rows(thread: list[ReturnMessage]) -> list[dict]:
    """The messages between the council and the school, oldest first, as officers see them:
    who sent each, and whether an answer has been read."""
    rows = []
    for message in thread:
        if message.sent_by_id:
            who = officer_name(message.sent_by)
        elif message.kind == "answer":
            who = "The school's system" if message.channel == "api" else "The school"
        else:
            who = "Sent automatically"
        rows.append(
            {
                "kind": message.kind,
                "heading": RETURN_MESSAGE_KINDS.label(message.kind),
                "text": message.text,
                "sent": f"{timezone.localtime(message.sent_at):%-d %B %Y at %H:%M}",
                "who": who,
                "unread": message.kind == "answer" and message.noted_at is None,
                "noted": (
                    f"Read by {officer_name(message.noted_by)}"
                    if message.noted_at and message.noted_by_id
                    else ""
                ),
            }
        )
    return rows


def _same_text(a: str, b: str) -> bool | None:
    a, b = " ".join(a.split()).lower(), " ".join(b.split()).lower()
    return (a == b) if a and b else None


FOUND_BY = {
    "upn": "Same UPN as the return",
    "name and date of birth": "Same name and date of birth as the return",
    "search": "Your search",
}


def candidate_view(r: DeletionReturn, candidate: Candidate) -> dict:
    """A possible match as the screen shows it, each detail marked the same as, or different
    from, what the school sent (unmarked when either side is blank)."""
    child = candidate.child
    address = candidate.address
    open_cases = ", ".join(
        f"{episode.get_kind_display()} ({episode.status_label})" for episode in candidate.open_cases
    )
    rows = [
        {
            "label": "Name",
            "value": child.legal_name,
            "same": _same_text(
                f"{child.legal_first_name} {child.legal_last_name}",
                f"{r.pupil_first_name} {r.pupil_last_name}",
            ),
        },
        {
            "label": "Date of birth",
            "value": long_date(child.date_of_birth),
            "same": child.date_of_birth == r.date_of_birth,
        },
        {"label": "UPN", "value": child.upn, "same": _same_text(child.upn, r.upn)},
        {
            "label": "Address",
            "value": address.one_line() if address else "",
            "same": _same_text(
                f"{address.line_1} {address.postcode}", f"{r.address_line_1} {r.postcode}"
            )
            if address
            else None,
        },
        {"label": "Parents", "value": ", ".join(candidate.parents), "same": None},
        {"label": "Open cases", "value": open_cases or "None", "same": None},
        {"label": "Suggested by", "value": FOUND_BY[candidate.found_by], "same": None},
    ]
    return {"child": child, "rows": rows, "href": child_href(child)}


# ---------------------------------------------------------------------------------------------
# The triage queue

# Tag colours keep the five kinds of work apart at a glance.
TYPE_TAG_CLASSES = {
    EHE_NEW: "govuk-tag--blue",
    CME_REFERRED: "govuk-tag--orange",
    CONSIDERING: "govuk-tag--turquoise",
    AWAITING_MATCH: "govuk-tag--purple",
    CONSENT: "govuk-tag--pink",
    ANSWERED: "govuk-tag--light-blue",
    WAITING_FOR_DATE: "govuk-tag--grey",
}

CONSENT_TIMER = "Decision needed before the school removes the pupil"


@dataclass(frozen=True)
class TriageRow:
    type: str
    type_label: str
    tag_class: str
    received: str
    waited_days: int
    name: str
    href: str
    school: str
    timer: str
    timer_hint: str
    overdue: bool
    officer: str
    # Shown greyed when there is no officer: "Not allocated" for a case, "Team" for the rest.
    officer_note: str
    action_href: str
    action_label: str
    # "Acknowledgement letter due …" while a new home education case has had no letter.
    acknowledgement: str = ""


def _episode_row(item: TriageItem, episode: Episode) -> dict:
    child = episode.child
    if item.type == EHE_NEW:
        timer, hint = short_date(item.initial_contact_due), "Initial contact due"
    elif item.type == CME_REFERRED:
        timer, hint = "", "Start reasonable enquiries"
    else:
        timer, hint = "", "Offer the family a meeting"
    return {
        "name": child.display_name,
        "href": child_href(child),
        "school": "",
        "timer": timer,
        "timer_hint": hint,
        "acknowledgement": (
            f"Acknowledgement letter due {short_date(item.acknowledgement_due)}"
            if item.acknowledgement_due
            else ""
        ),
        "officer": officer_name(episode.allocated_officer),
        "officer_note": "Not allocated",
        "action_href": child_href(child),
        "action_label": "Open case",
    }


def _return_row(r: DeletionReturn) -> dict:
    return {
        "name": pupil_name(r),
        "href": return_href(r),
        "school": r.school.name,
        "timer": "",
        "timer_hint": "Match to a child before the return can be processed",
        "officer": "",
        "officer_note": "Team",
        "action_href": reverse("triage-return-match", args=[r.uid]),
        "action_label": "Match or create",
    }


def _answer_row(message: ReturnMessage) -> dict:
    r = message.deletion_return
    return {
        "name": pupil_name(r),
        "href": return_href(r),
        "school": r.school.name,
        "timer": "",
        "timer_hint": f"The school answered: {short_text(message.text)}",
        "officer": "",
        "officer_note": "Team",
        "action_href": f"{return_href(r)}#messages",
        "action_label": "Read the answer",
    }


def _waiting_row(r: DeletionReturn) -> dict:
    return {
        "name": pupil_name(r),
        "href": return_href(r),
        "school": r.school.name,
        "timer": short_date(r.deletion_date),
        "timer_hint": "Routed on the deletion date",
        "officer": "",
        "officer_note": "Nobody yet",
        "action_href": return_href(r),
        "action_label": "See the return",
    }


def _consent_row(consent: ConsentRequest, *, can_decide: bool) -> dict:
    r = consent.deletion_return
    child = consent.child
    return {
        "name": child.display_name if child else pupil_name(r),
        "href": child_href(child) if child else return_href(r),
        "school": r.school.name,
        "timer": "",
        # No statutory deadline: the pupil simply may not be removed until the council decides.
        "timer_hint": CONSENT_TIMER,
        "officer": "",
        "officer_note": "Managers",
        "action_href": reverse("triage-consent", args=[consent.pk]),
        "action_label": "Decide" if can_decide else "View request",
    }


def triage_rows(items: list[TriageItem], *, can_decide: bool) -> list[TriageRow]:
    rows = []
    for item in items:
        if item.type == AWAITING_MATCH:
            parts = _return_row(item.obj)
        elif item.type == ANSWERED:
            parts = _answer_row(item.obj)
        elif item.type == WAITING_FOR_DATE:
            parts = _waiting_row(item.obj)
        elif item.type == CONSENT:
            parts = _consent_row(item.obj, can_decide=can_decide)
        else:
            parts = _episode_row(item, item.obj)
        rows.append(
            TriageRow(
                type=item.type,
                type_label=item.type_label,
                tag_class=TYPE_TAG_CLASSES[item.type],
                received=short_date(item.received_on),
                waited_days=item.waited_days,
                overdue=item.overdue,
                **parts,
            )
        )
    return rows
