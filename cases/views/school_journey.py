"""The school's return as a GOV.UK question journey: question pages, check your answers, then a
confirmation with the reference.

Answers are kept in the session as the school typed them (each step's POST data), never in a
URL, and are checked again each time they are used, so the check-your-answers page and the
return sent are built from exactly what the forms accept. The journey carries a random
idempotency key: sending the final page twice (a double click, a refresh, a retry after a
timeout) stores the return once and shows the same confirmation.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from policy.frontdoor import GROUNDS_NEEDING_PARENT_NOTICE

from ..forms.school import (
    MAX_PARENTS,
    DeletionForm,
    HomeEducationForm,
    KindForm,
    ParentFormSet,
    PupilForm,
)
from ..services import ServiceError, deletion_return_submit
from ..services.frontdoor import DELETION_FIELDS, EHE_FIELDS, PUPIL_FIELDS
from ..tasks import route_deletion_return
from .common import today
from .school_base import SchoolMixin
from .school_summary import journey_sections
from .school_uploads import (
    discard,
    open_staged,
    purge_stale,
    stage,
    upload_limit_mb,
    upload_problem,
)

SESSION_KEY = "school_return"
DONE_KEY = "school_return_done"
NOT_STORED = {"csrfmiddlewaretoken", "action"}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    caption: str = "Pupil details"


STEPS = (
    Step("about", "What do you need to tell the council?", "Tell the council about a pupil"),
    Step("pupil", "About the pupil"),
    Step("parents", "Parents the pupil normally lives with"),
    Step("deletion", "Removal from the admission register", "The removal"),
    Step("home-education", "Home education", "Home education"),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}

# Where each field of the service's data is asked, so a problem the service finds when the
# return is sent is shown against the page that can fix it.
FIELD_STEP = (
    {"kind": "about"}
    | dict.fromkeys(PUPIL_FIELDS, "pupil")
    | dict.fromkeys(DELETION_FIELDS, "deletion")
    | dict.fromkeys(EHE_FIELDS, "home-education")
    | {"attachments": "home-education", "parents": "parents"}
)


def step_for_error(field: str) -> str | None:
    return FIELD_STEP.get(field.split(".")[0])


def _query_dict(raw: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


class Journey:
    """One school's return in progress, kept in the session."""

    def __init__(self, request, school, state: dict):
        self.request = request
        self.school = school
        self.state = state
        self.today = today()
        self._forms: dict = {}

    # -- the session ------------------------------------------------------------------------

    @classmethod
    def load(cls, request, school) -> "Journey | None":
        state = request.session.get(SESSION_KEY)
        if not state or state.get("school") != school.pk:
            return None
        return cls(request, school, state)

    @classmethod
    def start(cls, request, school) -> "Journey":
        cls.abandon(request)
        purge_stale(settings.SESSION_COOKIE_AGE)
        state = {
            "school": school.pk,
            "key": f"web-{secrets.token_urlsafe(24)}",
            "answers": {},
            "upload": None,
            "errors": {},
        }
        request.session[SESSION_KEY] = state
        return cls(request, school, state)

    @staticmethod
    def abandon(request) -> None:
        state = request.session.pop(SESSION_KEY, None)
        if state:
            discard(state.get("upload"))

    def save(self) -> None:
        self.request.session[SESSION_KEY] = self.state
        self.request.session.modified = True

    def store(self, slug: str, data: QueryDict) -> None:
        self.state["answers"][slug] = {
            key: data.getlist(key) for key in data if key not in NOT_STORED
        }
        # Problems the service found on this page are answered by saving it again.
        self.state["errors"] = {
            field: message
            for field, message in self.state["errors"].items()
            if step_for_error(field) != slug
        }
        self._forms.clear()
        self.save()

    def keep_upload(self, upload) -> None:
        discard(self.state.get("upload"))
        self.state["upload"] = stage(upload)
        self.save()

    @property
    def upload(self) -> dict | None:
        return self.state.get("upload")

    @property
    def key(self) -> str:
        return self.state["key"]

    # -- forms --------------------------------------------------------------------------------

    def form_for(self, slug: str, data=None):
        """The step's form: bound to ``data`` when given, else to the stored answers, else
        unbound (a fresh question)."""
        if data is None:
            raw = self.state["answers"].get(slug)
            data = _query_dict(raw) if raw is not None else None
        if slug == "about":
            return KindForm(data)
        if slug == "pupil":
            return PupilForm(data, today=self.today)
        if slug == "parents":
            return ParentFormSet(data, prefix="parents")
        if slug == "deletion":
            pupil = self.cleaned("pupil") or {}
            return DeletionForm(
                data,
                today=self.today,
                school=self.school,
                date_of_birth=pupil.get("date_of_birth"),
            )
        if slug == "home-education":
            return HomeEducationForm(
                data,
                needs_notice=self.needs_notice,
                uploaded_name=(self.upload or {}).get("name", ""),
                limit_mb=upload_limit_mb(),
            )
        raise Http404

    def stored_form(self, slug: str):
        if slug not in self._forms:
            self._forms[slug] = self.form_for(slug)
        return self._forms[slug]

    def cleaned(self, slug: str):
        """The stored answers for ``slug`` as the form cleans them, or None if the step is not
        answered (or its answers no longer pass, e.g. a date that moved into the future)."""
        if slug not in self.state["answers"]:
            return None
        form = self.stored_form(slug)
        if not form.is_valid():
            return None
        if slug == "parents":
            return [f.cleaned_data for f in form.forms if f.cleaned_data]
        return form.cleaned_data

    # -- the route through the questions ------------------------------------------------------

    @property
    def kind(self) -> str | None:
        return (self.cleaned("about") or {}).get("kind")

    @property
    def ground(self) -> str:
        if self.kind != "deletion":
            return ""
        return (self.cleaned("deletion") or {}).get("ground", "")

    @property
    def needs_notice(self) -> bool:
        return self.kind == "deletion" and self.ground in GROUNDS_NEEDING_PARENT_NOTICE

    def applies(self, slug: str) -> bool:
        if slug == "deletion":
            return self.kind == "deletion"
        if slug == "home-education":
            # Home education details are asked for ground (f) and for "considering".
            return self.kind == "considering_ehe" or self.needs_notice
        return True

    def steps(self) -> list[Step]:
        return [step for step in STEPS if self.applies(step.slug)]

    def complete(self, slug: str) -> bool:
        if self.cleaned(slug) is None:
            return False
        return not (slug == "home-education" and self.needs_notice and not self.upload)

    def first_incomplete(self) -> str | None:
        return next((s.slug for s in self.steps() if not self.complete(s.slug)), None)

    def next_after(self, slug: str) -> str | None:
        """The next page to answer after ``slug``: the first unanswered step after it, so a
        change from check-your-answers goes straight back there unless it opened a new
        question (choosing ground (f) asks for the home education details)."""
        slugs = [s.slug for s in self.steps()]
        later = slugs[slugs.index(slug) + 1 :] if slug in slugs else slugs
        pending = [s for s in later if not self.complete(s)]
        return pending[0] if pending else self.first_incomplete()

    def previous(self, slug: str) -> str | None:
        slugs = [s.slug for s in self.steps()]
        if slug not in slugs or slugs.index(slug) == 0:
            return None
        return slugs[slugs.index(slug) - 1]

    def reachable(self, slug: str) -> bool:
        """A page can be opened once every page before it is answered."""
        for step in self.steps():
            if step.slug == slug:
                return True
            if not self.complete(step.slug):
                return False
        return False

    # -- what is sent ---------------------------------------------------------------------------

    def service_data(self) -> tuple[str, dict]:
        kind = self.kind
        data = {name: self.cleaned("pupil")[name] for name in PUPIL_FIELDS}
        data["parents"] = [
            {
                "first_name": p["first_name"],
                "last_name": p["last_name"],
                "relationship": p["relationship"],
                "address": p["address"],
                "phone": p["phone"],
                "email": p["email"],
            }
            for p in self.cleaned("parents")
        ]
        if self.applies("deletion"):
            deletion = self.cleaned("deletion")
            data |= {name: deletion[name] for name in DELETION_FIELDS if name in deletion}
        if self.applies("home-education"):
            details = self.cleaned("home-education")
            data |= {name: details[name] for name in EHE_FIELDS}
        return kind, data


def step_url(slug: str | None) -> str:
    if slug is None:
        return reverse("school-return-check")
    return reverse("school-return-step", args=[slug])


class JourneyMixin(SchoolMixin):
    journey: Journey

    def load_journey(self, request):
        journey = Journey.load(request, self.school)
        if journey is None:
            return None
        self.journey = journey
        return journey


class StartView(JourneyMixin, View):
    """The start page: what the school will need, and Start now (or carry on)."""

    def get(self, request):
        journey = self.load_journey(request)
        return render(
            request,
            "cases/school/start.html",
            {
                "school": self.school,
                "in_progress": journey is not None and bool(journey.state["answers"]),
                "continue_url": step_url(journey.first_incomplete()) if journey else "",
            },
        )

    def post(self, request):
        Journey.start(request, self.school)
        return redirect(step_url("about"))


class CancelView(JourneyMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        Journey.abandon(request)
        return redirect("school-home")


class StepView(JourneyMixin, View):
    def setup_step(self, request, slug):
        if slug not in STEP_BY_SLUG:
            raise Http404
        journey = self.load_journey(request)
        if journey is None:
            return redirect("school-return-start")
        if not journey.applies(slug) or not journey.reachable(slug):
            return redirect(step_url(journey.first_incomplete()))
        return None

    def get(self, request, slug):
        if (early := self.setup_step(request, slug)) is not None:
            return early
        # Unbound for a new question; bound to the stored answers when the school comes back.
        form = self.journey.form_for(slug)
        if form.is_bound:
            form.is_valid()
            self._add_service_errors(slug, form)
        return self.render_step(slug, form)

    def post(self, request, slug):
        if (early := self.setup_step(request, slug)) is not None:
            return early
        action = request.POST.get("action", "continue")
        if slug == "parents" and action != "continue":
            return self._change_parent_count(action)
        problem = None
        if slug == "home-education" and self.journey.needs_notice:
            problem = self._take_notice(request.FILES.get("notice"))
        # The notice, once it passes, is kept apart from the answers (school_uploads).
        form = self.journey.form_for(slug, request.POST)
        valid = form.is_valid()
        if problem is not None:
            # The file's own problem, not "upload the notice", which it tried to do.
            form.errors.pop("notice", None)
            form.add_error("notice", problem)
            valid = False
        if not valid:
            return self.render_step(slug, form)
        self.journey.store(slug, request.POST)
        return redirect(step_url(self.journey.next_after(slug)))

    def _take_notice(self, upload) -> str | None:
        """Keep a new notice if it passes, even when other answers on the page need fixing, so
        the school does not have to choose it again. Returns the problem with it, if any."""
        if upload is None:
            return None
        if (problem := upload_problem(upload)) is not None:
            return problem
        self.journey.keep_upload(upload)
        return None

    def _add_service_errors(self, slug, form):
        """Problems found by the service on the last attempt to send, on this page's fields."""
        for field, message in self.journey.state["errors"].items():
            if step_for_error(field) != slug:
                continue
            if slug == "parents":
                parts = field.split(".")
                if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(form.forms):
                    child = form.forms[int(parts[1])]
                    if parts[2] in child.fields:
                        child.add_error(parts[2], message)
                        continue
                form.non_form_errors().append(message)
                continue
            name = "notice" if field.startswith("attachments") else field
            form.add_error(name if name in form.fields else None, message)

    def _change_parent_count(self, action: str):
        """Add or remove a parent without checking the others yet (GOV.UK "add another")."""
        posted = self.request.POST
        rows = []
        for index in range(ParentFormSet(posted, prefix="parents").total_form_count()):
            prefix = f"parents-{index}-"
            rows.append(
                {
                    key[len(prefix) :]: value
                    for key, value in posted.items()
                    if key.startswith(prefix)
                }
            )
        if action == "add" and len(rows) < MAX_PARENTS:
            rows.append({})
        elif action.startswith("remove-") and action[7:].isdigit() and len(rows) > 1:
            index = int(action[7:])
            if index < len(rows):
                rows.pop(index)
        # Shown unchecked: the school has not finished this page yet.
        form = ParentFormSet(initial=rows, prefix="parents")
        return self.render_step("parents", form, added=action == "add")

    def render_step(self, slug, form, **extra):
        step = STEP_BY_SLUG[slug]
        previous = self.journey.previous(slug)
        context = {
            "step": step,
            "form": form,
            "school": self.school,
            "back_url": step_url(previous) if previous else reverse("school-return-start"),
            "checking": self.journey.first_incomplete() is None,
            "upload": self.journey.upload if slug == "home-education" else None,
            "kind": self.journey.kind,
            "max_parents": MAX_PARENTS,
            "limit_mb": upload_limit_mb(),
        }
        context.update(extra)
        template = {
            "parents": "cases/school/step_parents.html",
            "deletion": "cases/school/step_deletion.html",
        }.get(slug, "cases/school/step.html")
        return render(self.request, template, context)


class CheckView(JourneyMixin, View):
    """Check your answers, then send. Sending twice stores the return once."""

    def get(self, request):
        journey = self.load_journey(request)
        if journey is None:
            return self._after_submission(request) or redirect("school-return-start")
        if (slug := journey.first_incomplete()) is not None:
            return redirect(step_url(slug))
        return self.render_check(journey)

    def post(self, request):
        journey = self.load_journey(request)
        if journey is None:
            # The first of two clicks already sent it: show the same confirmation.
            return self._after_submission(request) or redirect("school-return-start")
        if (slug := journey.first_incomplete()) is not None:
            return redirect(step_url(slug))
        kind, data = journey.service_data()
        notice = open_staged(journey.upload) if journey.needs_notice else None
        if journey.needs_notice and notice is None:
            # The kept file has gone (for example, removed as stale): ask for it again.
            journey.state["upload"] = None
        try:
            receipt = deletion_return_submit(
                school=self.school,
                kind=kind,
                data=data,
                attachments=[notice] if notice else [],
                by=request.user,
                idempotency_key=journey.key,
                channel="web",
                today=journey.today,
                enqueue_routing=route_deletion_return,
            )
        except ServiceError as error:
            journey.state["errors"] = dict(error.errors)
            journey.save()
            return self.render_check(journey)
        finally:
            if notice:
                notice.close()
        Journey.abandon(request)
        request.session[DONE_KEY] = {"key": journey.key, "uid": str(receipt.deletion_return.uid)}
        return redirect("school-return-confirmation", uid=receipt.deletion_return.uid)

    def _after_submission(self, request):
        done = request.session.get(DONE_KEY)
        if not done:
            return None
        return redirect("school-return-confirmation", uid=done["uid"])

    def render_check(self, journey: Journey):
        errors = [
            {
                "text": message,
                "href": step_url(step_for_error(field)) if step_for_error(field) else "",
            }
            for field, message in journey.state["errors"].items()
        ]
        last = journey.steps()[-1].slug
        return render(
            self.request,
            "cases/school/check.html",
            {
                "school": self.school,
                "sections": journey_sections(journey, step_url),
                "service_errors": errors,
                "back_url": step_url(last),
                "kind": journey.kind,
            },
        )
