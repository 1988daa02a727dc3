"""Seminars and courses with their occasions, with the seat state of the registration
engine, as on /seminarier/ and /kurser/."""

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router
from pydantic import Field

from courses.models import Course, CourseOccasion
from forvaltningskultur.richtext import render_html
from seminars.models import Film, Seminar

from .. import schemas
from ..common import Paging, absolute, local, one, page

router = Router(tags=["Seminarier och kurser"])


class EventFilters(Paging):
    from_: dt.date | None = Field(
        None,
        alias="from",
        description="Börjar den dagen eller senare (ÅÅÅÅ-MM-DD). Utan: de som inte är över.",
    )
    to: dt.date | None = Field(None, description="Börjar den dagen eller tidigare (ÅÅÅÅ-MM-DD).")


def _dated(queryset, params: EventFilters, field="starts_at"):
    if params.from_:
        queryset = queryset.filter(**{f"{field}__date__gte": params.from_})
    else:
        queryset = queryset.filter(
            **{field.replace("starts_at", "ends_at") + "__gte": timezone.now()}
        )
    if params.to:
        queryset = queryset.filter(**{f"{field}__date__lte": params.to})
    return queryset


def event_fields(event) -> dict:
    state = event.signup_state()
    calendar = event.get_calendar_url()
    return {
        "starts_at": local(event.starts_at),
        "ends_at": local(event.ends_at),
        "place": event.place,
        "is_online": event.is_online,
        "is_cancelled": event.is_cancelled,
        "signup_state": state.value,
        "signup_state_label": str(state.label),
        "seats_left": event.seats_left,
        "calendar_url": absolute(calendar) if calendar else "",
    }


def _film(film: Film) -> dict:
    video = absolute(film.video.url) if film.video else film.external_url
    return {
        "title": film.title,
        "url": absolute(film.get_absolute_url()),
        "video_url": video,
        "captions_url": absolute(film.captions.url),
        "duration_minutes": film.duration_minutes,
    }


def seminar_item(seminar: Seminar) -> dict:
    return {
        "url": absolute(seminar.get_absolute_url()),
        "updated_at": local(seminar.updated_at),
        "slug": seminar.slug,
        "title": seminar.title,
        "introduction": seminar.introduction,
        "body_html": str(render_html(seminar.body)),
        **event_fields(seminar),
        "speakers": [
            {"name": s.name, "title": s.title, "organisation": s.organisation, "bio": s.bio}
            for s in seminar.speakers.all()
        ],
        "films": [_film(f) for f in seminar.public_films],
    }


def seminars():
    return (
        Seminar.objects.published()
        .with_registration_counts()
        .prefetch_related(
            "speakers",
            Prefetch("films", queryset=Film.objects.published(), to_attr="public_films"),
        )
        .order_by("starts_at", "pk")
    )


@router.get(
    "/seminarier/",
    response={200: schemas.Page[schemas.SeminarOut], 422: schemas.Error},
    summary="Seminarier",
    description="Publicerade seminarier i tidsordning. Utan `from`: de kommande, som på "
    "/seminarier/; med `from` även tidigare, med filmerna.",
)
def list_seminars(request, response: HttpResponse, params: Query[EventFilters]):
    return page(request, response, _dated(seminars(), params), params, seminar_item)


@router.get(
    "/seminarier/{slug}/",
    response={200: schemas.One[schemas.SeminarOut], 404: schemas.Error},
    summary="Ett seminarium",
)
def get_seminar(request, response: HttpResponse, slug: str):
    return one(response, seminar_item(get_object_or_404(seminars(), slug=slug)))


def course_item(course: Course) -> dict:
    now = timezone.now()
    return {
        "url": absolute(course.get_absolute_url()),
        "updated_at": local(course.updated_at),
        "slug": course.slug,
        "title": course.title,
        "introduction": course.introduction,
        "body_html": str(render_html(course.body)),
        "target_group": course.target_group,
        "organiser": course.organiser_name,
        "occasions": [
            {"url": absolute(o.get_absolute_url()), **event_fields(o)}
            for o in course.public_occasions
            if o.ends_at >= now
        ],
    }


def courses():
    occasions = (
        CourseOccasion.objects.filter(is_draft=False)
        .with_registration_counts()
        .order_by("starts_at", "pk")
    )
    return Course.objects.published().prefetch_related(
        Prefetch("occasions", queryset=occasions, to_attr="public_occasions")
    )


@router.get(
    "/kurser/",
    response={200: schemas.Page[schemas.CourseOut], 422: schemas.Error},
    summary="Kurser",
    description="Publicerade kurser med sina kommande tillfällen, som på /kurser/.",
)
def list_courses(request, response: HttpResponse, paging: Query[Paging]):
    return page(request, response, courses().order_by("title", "pk"), paging, course_item)


@router.get(
    "/kurser/{slug}/",
    response={200: schemas.One[schemas.CourseOut], 404: schemas.Error},
    summary="En kurs",
)
def get_course(request, response: HttpResponse, slug: str):
    return one(response, course_item(get_object_or_404(courses(), slug=slug)))
