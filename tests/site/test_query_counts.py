"""Every public list and detail page makes the same number of SQL queries however much
content there is, never runs the same query twice, and the lists stay within their
budgets (the page cache is off here). The apps' own view tests leave query counts here."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from columns.models import Column
from courses.models import Course
from dilemmas.models import CodeOfEthics, Dilemma
from forvaltningskultur import search
from forvaltningskultur.publishing import Status
from forvaltningskultur.registration import services
from seminars.models import Seminar, Speaker
from tests.columns.factories import make_author, make_column
from tests.courses.factories import make_course, make_occasion, make_partner_course
from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_film, make_seminar

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def person(n):
    return {"name": f"Person {n}", "email": f"p{n}@myndighet.se", "organisation": "Verket"}


def add_content(n):
    """n more of everything: items on the lists and parts of the items shown in detail."""
    author = make_author()
    for i in range(n):
        seminar = make_seminar(starts_at=timezone.now() + (i + 2) * DAY)
        Speaker.objects.create(seminar=seminar, name=f"Talare {i}")
        past = make_seminar(starts_at=timezone.now() - (i + 2) * DAY)
        make_film(past, captions=bool(i % 2))  # the archive lists films with captions only
        course = make_partner_course() if i % 2 else make_course()
        for days in (5 + i, -30 - i):
            make_occasion(course, starts_at=timezone.now() + days * DAY)
        make_dilemma(themes=("jav", "korruption"), principles=("objektivitet", "legalitet"))
        make_column(author=author if i % 2 else None)
        CodeOfEthics.objects.create(
            agency=f"Myndighet {i}", title="Uppförandekod", year=2024, url="https://example.org/"
        )


def grow_the_shown_items(n):
    """More of what the detail pages show: sign-ups, speakers, occasions, related cases,
    columns by the same writer."""
    seminar = Seminar.objects.get(slug="det-visade-seminariet")
    for i in range(n):
        Speaker.objects.create(seminar=seminar, name=f"Extra talare {i}")
        services.register(seminar, person(f"s{seminar.pk}-{i}"), send_mail=False)
    course = Course.objects.get(slug="den-visade-kursen")
    for i in range(n):
        occasion = make_occasion(course, starts_at=timezone.now() + (40 + i) * DAY)
        services.register(occasion, person(f"c{occasion.pk}"), send_mail=False)
    dilemma = Dilemma.objects.get(slug="det-visade-dilemmat")
    dilemma.related.add(*Dilemma.objects.exclude(pk=dilemma.pk)[:n])
    writer = Column.objects.get(slug="den-visade-kronikan").author
    for _ in range(n):
        make_column(author=writer)


@pytest.fixture
def shown():
    """The items whose detail pages are visited."""
    seminar = make_seminar(slug="det-visade-seminariet", starts_at=timezone.now() + 3 * DAY)
    Speaker.objects.create(seminar=seminar, name="Första talaren")
    course = make_course(slug="den-visade-kursen")
    make_occasion(course, starts_at=timezone.now() + 4 * DAY)
    make_dilemma("Det visade dilemmat", slug="det-visade-dilemmat")
    column = make_column(slug="den-visade-kronikan")
    return {
        "seminar": seminar.get_absolute_url(),
        "course": course.get_absolute_url(),
        "dilemma": "/dilemman/det-visade-dilemmat/",
        "column": column.get_absolute_url(),
        "author": column.author.get_absolute_url(),
    }


PAGES = [
    "/",
    "/seminarier/",
    "/seminarier/arkiv/",
    "/kurser/",
    "/dilemman/",
    "/dilemman/?tema=korruption&princip=legalitet",
    "/etiska-koder/",
    "/kronikor/",
    "/sok/?q=seminarium",
    "seminar",
    "course",
    "dilemma",
    "column",
    "author",
]


# The most queries a small site's list may make: a count and one page of items, each
# list's related rows prefetched in one query each.
BUDGET = {
    "/seminarier/": 4,
    "/seminarier/arkiv/": 5,
    "/kurser/": 5,
    "/dilemman/?tema=korruption&princip=legalitet": 8,
    "/kronikor/": 2,
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_content_and_none_is_repeated(
    client, django_assert_num_queries, shown, page
):
    url = shown.get(page, page)
    add_content(2)
    client.get(url)  # sessions, content types and the like are cached from here on
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= BUDGET.get(page, len(small.captured_queries))
    add_content(12)
    grow_the_shown_items(12)
    search.flush()  # the search index, as the commit of these saves would leave it
    with django_assert_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert response.status_code == 200
    repeated = [
        sql for sql, n in Counter(q["sql"] for q in large.captured_queries).items() if n > 1
    ]
    assert not repeated, f"{url} ran the same query more than once:\n" + "\n".join(repeated)


def test_the_pages_really_grew(client, shown):
    """The test above compares a small site with a larger one, not two equal ones."""
    add_content(2)
    before = client.get("/kurser/").content.decode().count('class="card-item mb-3"')
    add_content(12)
    grow_the_shown_items(12)
    after = client.get("/kurser/").content.decode().count('class="card-item mb-3"')
    assert (before, after) == (3, 15)
    assert client.get("/seminarier/arkiv/").content.decode().count("Film från") == 7
    assert "Exempelmyndigheten" in client.get("/kurser/").content.decode()
    assert client.get(shown["seminar"]).content.decode().count("Extra talare") == 12
    assert Status.PUBLISHED in Dilemma.objects.values_list("status", flat=True)
