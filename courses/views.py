"""Public course pages: the list, one course with its occasions and one sign-up form (a
choice of occasion, then the person), and each occasion's calendar file. Sign-up itself
is the shared engine's."""

from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from forvaltningskultur.crossorigin import public_form
from forvaltningskultur.publishing import PublishedObjectMixin, can_preview
from forvaltningskultur.registration import ics
from forvaltningskultur.registration.forms import ChoiceOfEventsForm
from forvaltningskultur.registration.models import SignupState
from forvaltningskultur.registration.views import (
    EVENT_FIELD,
    SIGNUP_QUERY,
    handle_signup,
    signup_anchor,
)

from .models import Course, CourseOccasion


def _split(course, now):
    """Put the course's public occasions into `upcoming` and `past` (latest first)."""
    course.upcoming = [o for o in course.public_occasions if o.ends_at >= now]
    course.past = [o for o in reversed(course.public_occasions) if o.ends_at < now]
    return course


def _with_occasions(queryset, *, drafts=False):
    occasions = CourseOccasion.objects.with_registration_counts().order_by("starts_at", "pk")
    if not drafts:
        occasions = occasions.filter(is_draft=False)
    return queryset.prefetch_related(
        Prefetch("occasions", queryset=occasions, to_attr="public_occasions")
    )


class CourseListView(ListView):
    template_name = "courses/course_list.html"
    context_object_name = "courses"
    paginate_by = 20
    page_kwarg = "sida"
    page_cache_query = ("sida",)

    def get_queryset(self):
        # Courses with a coming occasion first, the nearest first; then the rest by title.
        # Ordered in the database, so only the page shown is loaded with its occasions.
        return _with_occasions(
            Course.objects.published()
            .with_next_start()
            .order_by(F("next_start").asc(nulls_last=True), Lower("title"), "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["courses"] = [_split(course, now) for course in context["page_obj"]]
        return context


@dataclass
class Option:
    """One occasion in the form's radio group."""

    occasion: CourseOccasion
    checked: bool

    @property
    def id(self) -> str:
        return f"id_{EVENT_FIELD}_{self.occasion.pk}"

    @property
    def state(self):
        return self.occasion.signup_state()

    @property
    def choosable(self) -> bool:
        return self.state in (SignupState.OPEN, SignupState.WAITLIST)


@dataclass
class CourseSignup:
    """The course page's one sign-up form and what is said around it. No form when no
    occasion the public sees takes sign-ups here (`preview`: staff see occasions the
    public cannot, and are told why there is no form)."""

    form: ChoiceOfEventsForm | None
    options: list[Option]
    thanks_for: CourseOccasion | None = None  # ?anmald=<pk>: the thanks path
    already: bool = False
    preview: bool = False
    error: str = ""  # a refusal where no occasion is left to choose: no form to say it in

    @property
    def thanks_anchor(self) -> str:
        """Where the thanks redirect's fragment (views.thanks_url) lands."""
        return signup_anchor(self.thanks_for) if self.thanks_for else ""

    @property
    def all_full(self) -> bool:
        choosable = [o for o in self.options if o.choosable]
        return bool(choosable) and all(o.state == SignupState.WAITLIST for o in choosable)

    @property
    def any_full(self) -> bool:
        return any(o.state == SignupState.WAITLIST for o in self.options)


@public_form  # the one sign-up form: no CSRF cookie, see crossorigin.py
class CourseDetailView(PublishedObjectMixin, DetailView):
    model = Course
    template_name = "courses/course_detail.html"
    context_object_name = "course"
    page_cache_query = SIGNUP_QUERY

    def get_queryset(self):
        return _with_occasions(super().get_queryset(), drafts=can_preview(self.request, Course))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        course = _split(self.object, timezone.now())
        context["occasions"] = course.upcoming
        context["past_occasions"] = course.past
        context["signup"] = self._signup(course.upcoming, form)
        return context

    def _signup(self, upcoming, form):
        public = [o for o in upcoming if o.is_open_to_public()]
        error = ""
        if form is not None and not form.choosable:
            # A hand-made POST (or one sent as the last occasion closed): refused, and
            # there is no form to show again.
            error = " ".join(form.errors.get(EVENT_FIELD, []))
            form = None
        elif form is None and any(o.accepts_signups for o in public):
            form = ChoiceOfEventsForm(events=public)
        if form is not None:
            choosable = form.choosable
            # One occasion to choose from is chosen already; of several, none is.
            chosen = form.chosen_pk if form.is_bound else None
            if chosen is None and not form.is_bound and len(choosable) == 1:
                chosen = choosable[0].pk
            options = [Option(o, o.pk == chosen and o in choosable) for o in public]
        else:
            options = []
        asked = self.request.GET.get("anmald")
        thanks_for = next((o for o in public if str(o.pk) == asked), None)
        return CourseSignup(
            form=form,
            options=options,
            thanks_for=thanks_for,
            already=bool(thanks_for) and self.request.GET.get("redan") == "1",
            preview=form is None and len(public) < len(upcoming),
            error=error,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        upcoming = _split(self.object, timezone.now()).upcoming
        public = [o for o in upcoming if o.is_open_to_public()]
        if request.POST.get(EVENT_FIELD, "") == "" and public:
            # No occasion chosen: the person is told so, with what else is missing.
            form = ChoiceOfEventsForm(request.POST, events=public)
            form.is_valid()
            return self._again(form, status=400)
        occasion = self._posted_occasion(request, upcoming)
        form = ChoiceOfEventsForm(request.POST, events=public, event=occasion)
        outcome = handle_signup(request, occasion, form=form)
        if outcome.response:
            return outcome.response
        if outcome.panel.error:
            # The chosen occasion takes no sign-ups (any more): said at the choice, with
            # what was typed kept, so another occasion can be chosen.
            form.is_valid()
            form.add_error(EVENT_FIELD, outcome.panel.error)
        return self._again(outcome.panel.form or form, status=outcome.status)

    def _again(self, form, status):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def _posted_occasion(self, request, upcoming):
        """The occasion chosen: one of this course's upcoming occasions. Drafts and
        unpublished courses (staff preview) are refused by handle_signup."""
        try:
            pk = int(request.POST.get(EVENT_FIELD, ""))
        except ValueError:
            raise Http404 from None
        for occasion in upcoming:
            if occasion.pk == pk:
                return occasion
        raise Http404


@require_GET
def occasion_calendar(request, slug, pk):
    occasion = get_object_or_404(CourseOccasion.objects.public(), course__slug=slug, pk=pk)
    return ics.ics_response(
        ics.calendar_for([occasion]), f"{occasion.course.slug}-{occasion.pk}.ics"
    )
