"""A draft or a scheduled item never shows on any public route: lists, pages, the start
page, feeds, calendars, the sitemap, search, PDFs. One walk for every content type:
adding a content type is one line in CONTENT, adding a route one line in ROUTES.
"""

import datetime as dt

import pytest
from django.utils import timezone

from dilemmas.models import CodeOfEthics
from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from tests.columns.factories import make_column
from tests.courses.factories import make_course, make_occasion
from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_seminar

pytestmark = pytest.mark.django_db

SECRET = "Hemlighetsmakeri"  # in the title of every hidden item; must appear nowhere


def seminar(**state):
    s = make_seminar(title=f"{SECRET} seminarium", slug="hemligt-seminarium", **state)
    return [
        s.get_absolute_url(),
        f"{s.get_absolute_url()}kalender.ics",
        "/api/v1/seminarier/hemligt-seminarium/",
    ]


def course(**state):
    c = make_course(title=f"{SECRET} kurs", slug="hemlig-kurs", **state)
    occasion = make_occasion(course=c)
    return [c.get_absolute_url(), occasion.get_calendar_url(), "/api/v1/kurser/hemlig-kurs/"]


def dilemma(**state):
    d = make_dilemma(f"{SECRET} dilemma", slug="hemligt-dilemma", days_ago=-1 if state.get("publish_at") else 1,
                     status=state.get("status", Status.PUBLISHED))  # fmt: skip
    return [d.get_absolute_url(), f"{d.get_absolute_url()}pdf/", f"{d.get_absolute_url()}samtal/",
            "/api/v1/dilemman/hemligt-dilemma/"]  # fmt: skip


def column(**state):
    c = make_column(title=f"{SECRET} krönika", slug="hemlig-kronika", days_ago=-1 if state.get("publish_at") else 1,
                    status=state.get("status", Status.PUBLISHED))  # fmt: skip
    return [c.get_absolute_url(), "/api/v1/kronikor/hemlig-kronika/"]


def code_of_ethics(**state):
    CodeOfEthics.objects.create(
        agency="Verket", title=f"{SECRET} kod", year=2024, url="https://example.org", **state
    )
    return []


def page(**state):
    Page.objects.create(slot="om", title=f"{SECRET} om oss", body=f"<p>{SECRET}</p>", **state)
    return ["/om/"]


CONTENT = [seminar, course, dilemma, column, code_of_ethics, page]
STATES = {
    "utkast": {"status": Status.DRAFT},
    "schemalagd": {"status": Status.PUBLISHED, "publish_at": timezone.now() + dt.timedelta(days=1)},
}
ROUTES = [
    "/",
    "/seminarier/",
    "/seminarier/arkiv/",
    "/seminarier/kalender.ics",
    "/kurser/",
    "/kurser/?tidigare=1",
    "/dilemman/",
    "/dilemman/paket/?d=hemligt-dilemma",
    "/etiska-koder/",
    "/kronikor/",
    "/kronikor/feed/",
    "/sitemap.xml",
    # Open data: the API's lists (with the past too), the catalogue and the widgets.
    "/api/v1/dilemman/",
    "/api/v1/seminarier/?from=2000-01-01",
    "/api/v1/kurser/",
    "/api/v1/etiska-koder/",
    "/api/v1/kronikor/",
    "/oppna-data/dcat.rdf",
    "/widget/seminarier/",
    "/widget/dilemman/",
]
SEARCH = f"/sok/?q={SECRET}"  # the query is echoed on the page; no hit may be listed


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
@pytest.mark.parametrize("make", CONTENT, ids=[f.__name__ for f in CONTENT])
def test_hidden_content_appears_on_no_public_route(client, make, state):
    state = (
        {**state, "publish_at": timezone.now() + dt.timedelta(days=1)}
        if "publish_at" in state
        else state
    )
    own_routes = make(**state)
    for route in own_routes:
        response = client.get(route)
        assert response.status_code == 404, route
    for route in ROUTES:
        response = client.get(route)
        # The pack names the hidden case, so it answers that it cannot find it.
        assert response.status_code == (400 if route.startswith("/dilemman/paket/") else 200), route
        assert SECRET not in response.content.decode(), route
    search = client.get(SEARCH).content.decode()
    assert "search-hit" not in search and "Inga träffar för" in search
