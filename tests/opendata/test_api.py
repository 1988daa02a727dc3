"""The JSON API against the pages it mirrors: the same items in the same order, only
what is published, the licence in every answer, validators and 304, read-only."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from forvaltningskultur.publishing import Status
from seminars.models import SeminarRegistration
from tests.columns.factories import make_column
from tests.courses.factories import make_course, make_occasion
from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_film, make_seminar
from tests.visible import VisibleText

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Statskontoret, En god förvaltningskultur i staten"


def api(client, path, status=200, **headers):
    response = client.get(path, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json()


def visible(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return VisibleText(response.content.decode()).text


def in_order(text, parts):
    """Each part is in `text`, each after the one before."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} not after position {at}"
        at = found


def test_dilemma_list_has_the_cases_of_the_page_in_its_order_for_a_filter(client):
    make_dilemma("Gåvan från leverantören", themes=("jav",), days_ago=3)
    make_dilemma("Jävet i upphandlingen", themes=("jav",), days_ago=1)
    make_dilemma("Yttrandefriheten på nätet", themes=(), principles=("demokrati",), days_ago=2)
    make_dilemma("Utkastet", status=Status.DRAFT)
    make_dilemma("Det schemalagda", days_ago=-1)

    data = api(client, "/api/v1/dilemman/?tema=jav")
    titles = [item["title"] for item in data["items"]]
    assert titles == ["Jävet i upphandlingen", "Gåvan från leverantören"]
    in_order(visible(client, "/dilemman/?tema=jav"), titles)
    assert "Yttrandefriheten på nätet" not in visible(client, "/dilemman/?tema=jav")

    everything = api(client, "/api/v1/dilemman/")
    titles = [item["title"] for item in everything["items"]]
    assert titles == [
        "Jävet i upphandlingen",
        "Yttrandefriheten på nätet",
        "Gåvan från leverantören",
    ]
    in_order(visible(client, "/dilemman/"), titles)
    assert everything["count"] == 3
    assert [i["title"] for i in api(client, "/api/v1/dilemman/?princip=demokrati")["items"]] == [
        "Yttrandefriheten på nätet"
    ]


def test_a_dilemma_has_every_part_with_the_questions_in_the_page_order(client, settings):
    case = make_dilemma(
        "Jävet i upphandlingen",
        questions=("Vad säger lagen?", "Vem ska du tala med?", "Vad gör du i morgon?"),
    )
    item = api(client, f"/api/v1/dilemman/{case.slug}/")["item"]
    assert item["questions"] == ["Vad säger lagen?", "Vem ska du tala med?", "Vad gör du i morgon?"]
    in_order(visible(client, case.get_absolute_url()), item["questions"])
    assert item["url"] == settings.SITE_URL + case.get_absolute_url()
    assert item["pdf_url"].endswith(f"/dilemman/{case.slug}/pdf/")
    assert item["rules"][0]["act"] == "Förvaltningslagen (2017:900)"
    assert [t["slug"] for t in item["themes"]] == ["jav"]
    assert [p["slug"] for p in item["principles"]] == ["objektivitet"]
    assert "Fakta om jäv" in item["leader_guide_html"]
    assert item["licence"] == "CC BY 4.0"


def test_times_are_swedish_time_with_the_offset(client, settings):
    winter = timezone.make_aware(dt.datetime(2030, 1, 15, 13, 0))
    summer = timezone.make_aware(dt.datetime(2030, 6, 15, 13, 0))
    make_seminar(title="Vinterseminariet", starts_at=winter)
    make_seminar(title="Sommarseminariet", starts_at=summer)
    items = api(client, "/api/v1/seminarier/")["items"]
    assert [(i["title"], i["starts_at"]) for i in items] == [
        ("Vinterseminariet", "2030-01-15T13:00:00+01:00"),
        ("Sommarseminariet", "2030-06-15T13:00:00+02:00"),
    ]
    for item in items:
        assert dt.datetime.fromisoformat(item["updated_at"]).utcoffset() is not None


def test_seminars_are_the_upcoming_of_the_page_with_seat_state_and_no_registrant(client):
    soon = make_seminar(title="Nästa seminarium", capacity=1)
    later = make_seminar(
        title="Senare seminarium", starts_at=timezone.now() + dt.timedelta(days=30)
    )
    past = make_seminar(title="Förra seminariet", starts_at=timezone.now() - dt.timedelta(days=30))
    make_film(past)
    make_seminar(title="Utkastseminariet", published=False)
    SeminarRegistration.objects.create(
        event=soon, name="Anna Anmäld", email="anna@example.org", organisation="Verket X",
        status="confirmed",
    )  # fmt: skip

    body = client.get("/api/v1/seminarier/").content.decode()
    data = json.loads(body)
    titles = [i["title"] for i in data["items"]]
    assert titles == ["Nästa seminarium", "Senare seminarium"]
    in_order(visible(client, "/seminarier/"), titles)
    first = data["items"][0]
    assert (first["signup_state"], first["signup_state_label"], first["seats_left"]) == (
        "waitlist",
        "Fullbokat – väntelista",
        0,
    )
    assert data["items"][1]["signup_state"] == "open"
    for personal in ("Anna Anmäld", "anna@example.org", "Verket X", "online_url"):
        assert personal not in body

    archive = api(client, "/api/v1/seminarier/?from=2000-01-01")["items"]
    assert archive[0]["title"] == "Förra seminariet"
    assert archive[0]["films"][0]["captions_url"].endswith(".vtt")
    until = f"/api/v1/seminarier/?from=2000-01-01&to={later.starts_at:%Y-%m-%d}"
    assert [i["title"] for i in api(client, until)["items"]] == ["Förra seminariet", *titles]


def test_courses_with_their_public_occasions(client):
    course = make_course(title="Att vara statsanställd")
    make_occasion(course=course)
    make_occasion(course=course, is_draft=True)
    make_course(title="Utkastkursen", status=Status.DRAFT)
    items = api(client, "/api/v1/kurser/")["items"]
    assert [i["title"] for i in items] == ["Att vara statsanställd"]
    assert len(items[0]["occasions"]) == 1
    assert items[0]["occasions"][0]["url"].endswith(f"#tillfalle-{course.occasions.first().pk}")
    in_order(visible(client, "/kurser/"), ["Att vara statsanställd"])


def test_columns_with_their_authors(client):
    make_column(title="Om tillit", days_ago=2)
    make_column(title="Om öppenhet", days_ago=1)
    make_column(title="Hemlig", status=Status.DRAFT)
    items = api(client, "/api/v1/kronikor/")["items"]
    titles = [i["title"] for i in items]
    assert titles == ["Om öppenhet", "Om tillit"]
    in_order(visible(client, "/kronikor/"), titles)
    assert items[0]["author"]["name"].startswith("Skribent")


def test_drafts_and_scheduled_items_are_404_on_their_own_address(client):
    draft = make_dilemma("Utkastet", status=Status.DRAFT)
    scheduled = make_seminar(publish_at=timezone.now() + dt.timedelta(days=1))
    for path in (f"/api/v1/dilemman/{draft.slug}/", f"/api/v1/seminarier/{scheduled.slug}/"):
        data = api(client, path, status=404)
        assert data["detail"] == "Det finns inget publicerat med den adressen."


@pytest.mark.parametrize(
    "query, parameter, message",
    [
        ("tema=finns-inte", "tema", "Det finns inget tema med det kortnamnet."),
        ("princip=x", "princip", "Det finns ingen värdegrundsprincip med det kortnamnet."),
        (
            "malgrupp=alla",
            "malgrupp",
            "Målgruppen ska vara chefer, medarbetare eller ledningsgrupp.",
        ),
        ("from=igår", "from", "Ange ett datum som ÅÅÅÅ-MM-DD."),
        ("per_sida=1000", "per_sida", "Talet är för stort: högst 100."),
        ("sida=0", "sida", "Talet är för litet: minst 1."),
        ("sida=ett", "sida", "Ange ett heltal."),
    ],
)
def test_a_bad_parameter_is_refused_in_swedish(client, query, parameter, message):
    data = api(client, f"/api/v1/dilemman/?{query}", status=422)
    assert data["detail"] == "En parameter gick inte att läsa."
    assert {"parameter": parameter, "message": message} in data["problems"]


def test_pages_are_bounded_and_linked(client):
    for n in range(3):
        make_dilemma(f"Fall {n}", days_ago=n + 1)
    first = api(client, "/api/v1/dilemman/?per_sida=2")
    assert (first["count"], len(first["items"]), first["previous"]) == (3, 2, None)
    assert first["next"].endswith("/api/v1/dilemman/?per_sida=2&sida=2")
    second = api(client, "/api/v1/dilemman/?per_sida=2&sida=2")
    assert [i["title"] for i in second["items"]] == ["Fall 2"] and second["next"] is None


@pytest.mark.parametrize(
    "path",
    ["/api/v1/", "/api/v1/dilemman/", "/api/v1/teman/", "/api/v1/openapi.json", "/oppna-data/"],
)
def test_every_answer_carries_the_licence_and_is_open_to_every_origin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    if path.startswith("/api/v1/") and "openapi" not in path:
        assert response.json()["licence"] == {
            "name": "CC BY 4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "attribution": ATTRIBUTION,
        }


@pytest.mark.parametrize("page_cache", [False, True], ids=["utan-sidcache", "med-sidcache"])
def test_a_repeat_with_the_etag_is_304(client, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    make_dilemma("Jävet")
    first = client.get("/api/v1/dilemman/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/dilemman/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/v1/dilemman/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize("page_cache", [False, True], ids=["utan-sidcache", "med-sidcache"])
def test_a_list_that_lost_its_newest_item_is_not_304_since_its_date(
    client, settings, page_cache, time_machine
):
    """The newest item unpublished: the list has changed, though what it still shows is
    older than the date the client has. Asked with If-Modified-Since alone, it answers 200."""
    settings.PAGE_CACHE = page_cache
    make_dilemma("Jävet")
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1))
    newest = make_dilemma("Gåvan", days_ago=0.01)
    first = client.get("/api/v1/dilemman/")
    assert [i["title"] for i in first.json()["items"]] == ["Gåvan", "Jävet"]
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=30))
    newest.status = Status.DRAFT
    newest.save()
    since = client.get("/api/v1/dilemman/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 200
    assert [i["title"] for i in since.json()["items"]] == ["Jävet"]
    assert since["Last-Modified"] != first["Last-Modified"]
    again = client.get("/api/v1/dilemman/", headers={"if-modified-since": since["Last-Modified"]})
    assert again.status_code == 304


def test_the_page_cache_serves_the_api_and_forgets_it_when_content_changes(client, settings):
    settings.PAGE_CACHE = True
    make_dilemma("Jävet")
    assert client.get("/api/v1/dilemman/").get("X-Page-Cache") is None
    hit = client.get("/api/v1/dilemman/")
    assert hit["X-Page-Cache"] == "hit"
    assert [i["title"] for i in json.loads(hit.content)["items"]] == ["Jävet"]
    make_dilemma("Gåvan", days_ago=0.5)
    fresh = client.get("/api/v1/dilemman/")
    assert [i["title"] for i in fresh.json()["items"]] == ["Gåvan", "Jävet"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/dilemman/",
        "/api/v1/openapi.json",
        "/api/v1/docs/",
        "/oppna-data/",
        "/oppna-data/dcat.rdf",
        "/widget/seminarier/",
        "/widget/dilemman/",
    ],
)
def test_every_method_but_get_is_405(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405, (method, path)
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize(
    "path", ["/api/v1/dilemman/", "/api/v1/openapi.json", "/oppna-data/dcat.rdf"]
)
def test_a_page_on_another_site_may_read_the_etag(client, path):
    """Read-only means OPTIONS too (405), so a page elsewhere asks plainly; the answer
    lets it read the ETag, to compare with the one it has."""
    make_dilemma("Jävet")
    answer = client.get(path, headers={"origin": "https://example.org"})
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer["Access-Control-Expose-Headers"].split(", ")


def test_an_unreadable_query_is_refused_in_json_by_the_api_and_in_html_by_the_site(client):
    response = client.get("/api/v1/dilemman/?tema=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Adressen innehöll ett nolltecken.", "problems": []}
    response = client.get("/api/v1/dilemman/?tema=%ff")
    assert response.json()["detail"] == "Adressen innehöll tecken som inte är giltig UTF-8."
    page = client.get("/dilemman/?tema=%00")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
    assert "Adressen innehöll ett nolltecken." in VisibleText(page.content.decode()).text
    # And the schema says so, for every operation.
    schema = api(client, "/api/v1/openapi.json")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)


def test_head_answers_without_a_body(client):
    make_dilemma("Jävet")
    response = client.head("/api/v1/dilemman/")
    assert response.status_code == 200 and response.content == b""


def test_the_schema_is_openapi_with_swedish_descriptions(client):
    schema = api(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/api/v1/dilemman/", "/api/v1/seminarier/", "/api/v1/kurser/", "/api/v1/teman/",
                 "/api/v1/principer/", "/api/v1/etiska-koder/", "/api/v1/kronikor/"):  # fmt: skip
        assert list(paths[path]) == ["get"], path
    parameters = {p["name"]: p for p in paths["/api/v1/dilemman/"]["get"]["parameters"]}
    assert set(parameters) >= {"tema", "princip", "malgrupp", "from", "to", "sida", "per_sida"}
    assert parameters["per_sida"]["schema"]["maximum"] == 100
    assert "Temats kortnamn" in parameters["tema"]["description"]


def test_the_docs_page_loads_only_this_sites_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "https://" not in html.split("<body")[0] + html.split("</main>")[-1]
    assert "/static/ninja/swagger-ui-bundle" in html
    assert '"validatorUrl": null' in html
