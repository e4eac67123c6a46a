"""Children missing education: the reasonable enquiries made to find each child."""

from datetime import date

from django.db import transaction

from ehe.models import User
from policy.vocab import CME_ENQUIRY_ITEMS
from policy.workflow import CMEStatus, EpisodeKind

from ..models import CMEEnquiry, Episode
from .audit import audit_change
from .case_guards import case_date_errors, require_open
from .due import episode_refresh_due
from .episodes import _event, episode_transition
from .errors import ServiceError, TransitionRefused
from .limits import too_long


@transaction.atomic
def cme_enquiry_record(
    *,
    by: User | None,
    episode: Episode,
    item: str,
    made_on: date,
    outcome: str,
    today: date,
    contact=None,
    channel: str,
) -> CMEEnquiry:
    """Record one reasonable enquiry (DOMAIN §5.3). The first enquiry on a referred case
    moves it to "making enquiries". ``contact`` is the contact that was this enquiry, when it
    was recorded as one (``contact_record``); its event says so."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.kind != EpisodeKind.CME:
        raise TransitionRefused("Enquiries are recorded on children missing education cases.")
    require_open(episode)
    errors = {}
    if item not in CME_ENQUIRY_ITEMS:
        errors["item"] = "Choose which enquiry was made"
    if not outcome.strip():
        errors["outcome"] = "Say what the enquiry found"
    errors |= too_long(CMEEnquiry, outcome=outcome.strip())
    errors |= case_date_errors("made_on", made_on, episode=episode, today=today)
    if errors:
        raise ServiceError(errors)
    enquiry = CMEEnquiry.objects.create(
        episode=episode, item=item, made_on=made_on, made_by=by, outcome=outcome.strip()
    )
    _event(
        episode,
        by=by,
        action="cme_enquiry",
        on=made_on,
        data={"enquiry_id": enquiry.pk, "item": item}
        | ({"contact_id": contact.pk} if contact is not None else {}),
    )
    audit_change(by=by, action="create", obj=enquiry, child_id=episode.child_id, channel=channel)
    if episode.status == CMEStatus.REFERRED:
        episode_transition(
            by=by,
            episode=episode,
            to=CMEStatus.ENQUIRIES,
            on=made_on,
            reason="Enquiries started",
            today=today,
            channel=channel,
        )
    else:
        episode_refresh_due(episode, today=today)
    return enquiry


def cme_duration_days(episode: Episode, on: date) -> int:
    """Whole days missing education so far (DOMAIN §5.3), for the case page."""
    end = episode.end_date or on
    return max((end - episode.start_date).days, 0)
