"""Contacts with a family and safeguarding concerns."""

from datetime import date

from django.db import transaction

from ehe.models import User
from policy.contacts import CONTACT_TYPE_CME_ENQUIRY, EHE_ONLY_CONTACT_TYPES
from policy.guards import INITIAL_CONTACT_TYPES
from policy.vocab import CONTACT_OUTCOMES, CONTACT_TYPES
from policy.workflow import EHEStatus, EpisodeKind

from ..models import Alert, Contact, Episode, SafeguardingConcern
from .audit import audit_change
from .case_guards import case_date_errors, require_open
from .cme import cme_enquiry_record
from .due import episode_refresh_due
from .episodes import _event, episode_transition
from .errors import ServiceError
from .limits import too_long


def enquiry_outcome(outcome: str, notes: str) -> str:
    """What a contact found, as the enquiry checklist shows it: the outcome, then the notes."""
    label = CONTACT_OUTCOMES.label(outcome)
    return f"{label}: {notes.strip()}" if notes.strip() else label


@transaction.atomic
def contact_record(
    *,
    by: User,
    episode: Episode,
    contact_type: str,
    occurred_on: date,
    outcome: str,
    present: str = "",
    child_seen: bool = False,
    child_views: str = "",
    parent_consented_to_views: bool = False,
    notes: str = "",
    today: date,
    channel: str,
) -> Contact:
    """Record a contact. A declined home visit is a valid choice and is recorded as such: it
    never moves a case toward formal action (DOMAIN §5.2). On a CME case, a contact that is one
    of the reasonable enquiries (a home visit, a letter to the last known address) records
    that enquiry too, in the same transaction (DOMAIN §5.3)."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    require_open(episode)
    errors = {}
    if contact_type not in CONTACT_TYPES:
        errors["contact_type"] = "Choose the type of contact"
    elif episode.kind == EpisodeKind.CME and contact_type in EHE_ONLY_CONTACT_TYPES:
        errors["contact_type"] = (
            f"'{CONTACT_TYPES.label(contact_type)}' is a home education contact. On a case "
            "of a child missing education, choose another type of contact"
        )
    if outcome not in CONTACT_OUTCOMES:
        errors["outcome"] = "Choose the outcome of the contact"
    if child_views.strip() and not parent_consented_to_views:
        errors["parent_consented_to_views"] = (
            "Record that the parent consented before recording the child's views"
        )
    if child_views.strip() and not child_seen:
        errors["child_seen"] = "The child's views can only be recorded if the child was seen"
    errors |= too_long(Contact, present=present, child_views=child_views, notes=notes)
    errors |= case_date_errors("occurred_on", occurred_on, episode=episode, today=today)
    if errors:
        raise ServiceError(errors)
    contact = Contact.objects.create(
        episode=episode,
        contact_type=contact_type,
        occurred_on=occurred_on,
        officer=by,
        present=present,
        child_seen=child_seen,
        child_views=child_views,
        parent_consented_to_views=parent_consented_to_views,
        notes=notes,
        outcome=outcome,
    )
    _event(
        episode,
        by=by,
        action="contact_recorded",
        on=occurred_on,
        data={"contact_id": contact.pk, "type": contact_type, "outcome": outcome},
    )
    audit_change(by=by, action="create", obj=contact, child_id=episode.child_id, channel=channel)
    if episode.kind == EpisodeKind.CME and contact_type in CONTACT_TYPE_CME_ENQUIRY:
        # It refreshes the due date (and moves a referred case to making enquiries).
        cme_enquiry_record(
            by=by,
            episode=episode,
            item=CONTACT_TYPE_CME_ENQUIRY[contact_type],
            made_on=occurred_on,
            outcome=enquiry_outcome(outcome, notes),
            contact=contact,
            today=today,
            channel=channel,
        )
        return contact
    reached_family = contact_type in INITIAL_CONTACT_TYPES and outcome != "no_response"
    if episode.kind == EpisodeKind.EHE and episode.status == EHEStatus.NEW and reached_family:
        episode_transition(
            by=by,
            episode=episode,
            to=EHEStatus.INFORMAL_ENQUIRY,
            on=occurred_on,
            reason="Initial contact made",
            today=today,
            channel=channel,
        )
    else:
        episode_refresh_due(episode, today=today)
    return contact


@transaction.atomic
def safeguarding_concern_raise(
    *,
    by: User,
    child,
    raised_on: date,
    details: str,
    episode: Episode | None = None,
    referred_to_csc_on: date | None = None,
    referral_reference: str = "",
    today: date,
    channel: str,
) -> SafeguardingConcern:
    """An officer may raise a concern at any time, on any case (DOMAIN §5.2)."""
    errors = {}
    if not details.strip():
        errors["details"] = "Describe the concern"
    if raised_on > today:
        errors["raised_on"] = "The date must be today or in the past"
    if referred_to_csc_on and referred_to_csc_on < raised_on:
        errors["referred_to_csc_on"] = "The referral cannot be before the concern was raised"
    if referral_reference and not referred_to_csc_on:
        errors["referred_to_csc_on"] = "Enter the date of the referral"
    errors |= too_long(SafeguardingConcern, details=details, referral_reference=referral_reference)
    if errors:
        raise ServiceError(errors)
    concern = SafeguardingConcern.objects.create(
        child=child,
        episode=episode,
        raised_on=raised_on,
        details=details,
        referred_to_csc_on=referred_to_csc_on,
        referral_reference=referral_reference,
        raised_by=by,
    )
    if episode is not None:
        _event(
            episode,
            by=by,
            action="safeguarding_raised",
            on=raised_on,
            data={"concern_id": concern.pk},
        )
    Alert.objects.create(kind="safeguarding", child=child, episode=episode)
    audit_change(by=by, action="create", obj=concern, child_id=child.pk, channel=channel)
    return concern
