"""Recording, directly, what each guarded move needs, so a test of the transition table can
make every allowed move (the guards themselves are tested in tests/policy/test_guards.py and
through the services in tests/cases/test_guarded_moves.py)."""

from datetime import date, timedelta

from cases.models import Contact, FormalStep, InformationRequest, Judgement


def _judgement(episode, by, on: date, outcome: str) -> None:
    Judgement.objects.create(
        episode=episode, decided_on=on, outcome=outcome, reasons="Reasons given", decided_by=by
    )


def ready_for(episode, target: str, *, by, on: date) -> None:
    """Record what the move of ``episode`` to ``target`` on ``on`` needs (policy.guards)."""
    if episode.kind != "ehe":
        return
    if target == "informal_enquiry" and episode.status == "new":
        Contact.objects.create(
            episode=episode,
            contact_type="initial_contact",
            occurred_on=on,
            officer=by,
            outcome="completed",
        )
    elif target == "suitable":
        _judgement(episode, by, on, "appears_suitable")
    elif target == "information_requested":
        InformationRequest.objects.create(
            episode=episode,
            requested_on=on,
            what_would_help="A description of a typical week",
            reply_by=on + timedelta(days=28),
            requested_by=by,
        )
    elif target == "panel":
        InformationRequest.objects.create(
            episode=episode,
            requested_on=on - timedelta(days=40),
            what_would_help="A description of a typical week",
            reply_by=on - timedelta(days=12),
            requested_by=by,
        )
        _judgement(episode, by, on, "does_not_appear_suitable")
    elif target == "s437_notice":
        FormalStep.objects.create(episode=episode, kind="s437_notice", occurred_on=on)
    elif target == "sao_process":
        FormalStep.objects.create(
            episode=episode, kind="s437_notice", occurred_on=on - timedelta(days=30)
        )
        _judgement(episode, by, on - timedelta(days=5), "does_not_appear_suitable")
        FormalStep.objects.create(episode=episode, kind="s438_notice", occurred_on=on)
