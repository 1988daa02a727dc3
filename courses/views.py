"""Public course pages: the list, one course with a sign-up form per open occasion, and
each occasion's calendar file. Sign-up itself is the shared engine's."""

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
from forvaltningskultur.registration.views import (
    EVENT_FIELD,
    SIGNUP_QUERY,
    handle_signup,
    signup_panel,
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


@public_form  # the occasions' sign-up forms: no CSRF cookie, see crossorigin.py
class CourseDetailView(PublishedObjectMixin, DetailView):
    model = Course
    template_name = "courses/course_detail.html"
    context_object_name = "course"
    page_cache_query = SIGNUP_QUERY

    def get_queryset(self):
        return _with_occasions(super().get_queryset(), drafts=can_preview(self.request, Course))

    def get_context_data(self, posted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        course = _split(self.object, timezone.now())
        context["occasions"] = [(o, self._panel(o, posted)) for o in course.upcoming]
        context["past_occasions"] = course.past
        return context

    def _panel(self, occasion, posted):
        if posted and posted.panel.event.pk == occasion.pk:
            return posted.panel
        return signup_panel(self.request, occasion)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        occasion = self._posted_occasion(request)
        outcome = handle_signup(request, occasion)
        if outcome.response:
            return outcome.response
        context = self.get_context_data(posted=outcome)
        return self.render_to_response(context, status=outcome.status)

    def _posted_occasion(self, request):
        """The occasion the form was for: one of this course's upcoming occasions. Drafts
        and unpublished courses (staff preview) are refused by handle_signup."""
        try:
            pk = int(request.POST.get(EVENT_FIELD, ""))
        except ValueError:
            raise Http404 from None
        for occasion in self.object.public_occasions:
            if occasion.pk == pk and not occasion.is_past:
                return occasion
        raise Http404


@require_GET
def occasion_calendar(request, slug, pk):
    occasion = get_object_or_404(CourseOccasion.objects.public(), course__slug=slug, pk=pk)
    return ics.ics_response(
        ics.calendar_for([occasion]), f"{occasion.course.slug}-{occasion.pk}.ics"
    )
