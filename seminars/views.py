"""Public seminar pages: upcoming, archive, one seminar with sign-up or film, calendars."""

import datetime as dt

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from forvaltningskultur.crossorigin import public_form
from forvaltningskultur.publishing import PublishedObjectMixin
from forvaltningskultur.registration import ics
from forvaltningskultur.registration.views import SIGNUP_QUERY, handle_signup, signup_panel

from .models import Film, Seminar

# Past seminars stay in the subscribable calendar this long, then drop out.
FEED_KEEPS_PAST_DAYS = 90


def _with_films(queryset):
    return queryset.prefetch_related(
        Prefetch("films", queryset=Film.objects.published(), to_attr="public_films")
    )


class SeminarListView(ListView):
    template_name = "seminars/seminar_list.html"
    context_object_name = "seminars"
    paginate_by = 20
    page_kwarg = "sida"
    page_cache_query = ("sida",)

    def get_queryset(self):
        return (
            Seminar.objects.published()
            .upcoming()
            .with_registration_counts()
            .prefetch_related("speakers")
            .order_by("starts_at", "pk")
        )


class SeminarArchiveView(ListView):
    template_name = "seminars/seminar_archive.html"
    context_object_name = "seminars"

    def get_queryset(self):
        return _with_films(
            Seminar.objects.published()
            .past()
            .prefetch_related("speakers")
            .order_by("-starts_at", "-pk")
        )


@public_form  # the sign-up form: no CSRF cookie, a form from another site is refused
class SeminarDetailView(PublishedObjectMixin, DetailView):
    model = Seminar
    template_name = "seminars/seminar_detail.html"
    context_object_name = "seminar"
    page_cache_query = SIGNUP_QUERY

    def get_queryset(self):
        # Seats left are shown in several places on the page: counted once, here.
        queryset = super().get_queryset().with_registration_counts()
        return _with_films(queryset.prefetch_related("speakers"))

    def get_context_data(self, panel=None, **kwargs):
        context = super().get_context_data(**kwargs)
        seminar = self.object
        context["speakers"] = seminar.speakers.all()
        context["films"] = seminar.public_films
        if not seminar.is_past:
            context["panel"] = panel or signup_panel(self.request, seminar)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_past:  # handle_signup refuses what the public may not see
            raise Http404
        outcome = handle_signup(request, self.object)
        if outcome.response:
            return outcome.response
        context = self.get_context_data(panel=outcome.panel)
        return self.render_to_response(context, status=outcome.status)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        origins = sorted({film.embed.origin for film in context.get("films", []) if film.embed})
        if origins:
            # The external player may load in a frame, but only after the visitor's click.
            response._csp_update = {"frame-src": origins}
        return response


@require_GET
def seminar_calendar(request, slug):
    seminar = get_object_or_404(Seminar.objects.published(), slug=slug)
    return ics.ics_response(ics.calendar_for([seminar]), f"{seminar.slug}.ics")


@require_GET
def calendar_feed(request):
    since = timezone.now() - dt.timedelta(days=FEED_KEEPS_PAST_DAYS)
    seminars = Seminar.objects.published().filter(ends_at__gte=since).order_by("starts_at")
    calendar = ics.calendar_for(seminars, name="Seminarier – En god förvaltningskultur i staten")
    return ics.ics_response(calendar, "seminarier.ics")
