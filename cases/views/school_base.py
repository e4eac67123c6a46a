"""What every school screen shares: the school role, the user's school, and the status a
school may see of its returns (never the council's outcome, DOMAIN §10)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from ehe.permissions import RoleRequiredMixin
from ehe.roles import Role
from policy.vocab import RETURN_STATUSES, SCHOOL_NOTICE_KINDS

from ..models import DeletionReturn, School, SchoolMembership
from ..selectors.frontdoor import returns_visible_to_school

STATUS_TAG_CLASSES = {
    "received": "govuk-tag--blue",
    "processed": "govuk-tag--green",
    "query_raised": "govuk-tag--orange",
    "order_in_force": "govuk-tag--red",
    "consent_refused": "govuk-tag--red",
    "referred": "govuk-tag--purple",
}

# Each message as the school reads it: what it is, in the school's own terms.
MESSAGE_HEADINGS = {
    "query": "The council's question",
    "answer": "Your answer",
    "decision": "The council's decision",
    "notice": "Message from the council",
}

KIND_SHORT = {
    "deletion": "Removed from roll",
    "considering_ehe": "Considering home education",
}


def school_of(user) -> School | None:
    membership = SchoolMembership.objects.select_related("school").filter(user=user).first()
    return membership.school if membership else None


def long_date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def return_row(deletion_return: DeletionReturn) -> dict:
    """One return as a school sees it in a list."""
    r = deletion_return
    return {
        "uid": r.uid,
        "reference": r.reference,
        "pupil": " ".join(n for n in (r.pupil_first_name, r.pupil_last_name) if n),
        "kind": KIND_SHORT.get(r.kind, SCHOOL_NOTICE_KINDS.label(r.kind)),
        "submitted": r.submitted_at,
        "status": RETURN_STATUSES.label(r.status),
        "status_class": STATUS_TAG_CLASSES.get(r.status, ""),
    }


def message_rows(deletion_return: DeletionReturn) -> list[dict]:
    """The messages between the council and the school about one return, oldest first, as
    the school sees them: never who at the council wrote them."""
    rows = []
    for message in deletion_return.messages.all():
        rows.append(
            {
                "kind": message.kind,
                "heading": MESSAGE_HEADINGS[message.kind],
                "text": message.text,
                "sent": long_date(timezone.localtime(message.sent_at).date()),
            }
        )
    return rows


@method_decorator(never_cache, name="dispatch")
class SchoolMixin(RoleRequiredMixin):
    """School staff linked to a school. Anyone else is refused by the role check; a school
    user whose account is not yet linked sees a page that says so, and nothing else."""

    allowed_roles = (Role.SCHOOL,)
    school: School

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_role(*self.allowed_roles):
            school = school_of(user)
            if school is None:
                return self.not_linked(request)
            self.school = school
        return super().dispatch(request, *args, **kwargs)

    def not_linked(self, request):
        return render(request, "cases/school/not_linked.html", status=403)

    def own_return(self, uid) -> DeletionReturn:
        """One of this school's returns; 404 for anything else, so another school's return
        cannot even be shown to exist."""
        return get_object_or_404(returns_visible_to_school(self.school), uid=uid)
