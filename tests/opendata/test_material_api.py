"""Agencies' material in the open data: the items of /stodmaterial/ in its order and
with its filters, published only, and never a submission or its submitter."""

import json

import pytest

from forvaltningskultur.publishing import Status
from material import services
from tests.material.factories import form_data, make_agency, make_material, pdf_upload
from tests.visible import VisibleText

pytestmark = pytest.mark.django_db


def _api(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_the_list_is_the_library_pages_items_in_its_order(client):
    other = make_agency("Skatteverket", "skatteverket")
    make_material("Samtal om jäv", year=2024)
    make_material("Utbildning i värdegrunden", kind="utbildning", agency=other, year=2025)
    make_material("Utkast om gåvor", status=Status.DRAFT)
    data = _api(client, "/api/v1/stodmaterial/")
    titles = [item["title"] for item in data["items"]]
    assert titles == ["Utbildning i värdegrunden", "Samtal om jäv"]
    page = VisibleText(client.get("/stodmaterial/").content.decode()).text
    assert page.find("Utbildning i värdegrunden") < page.find("Samtal om jäv")
    assert "Utkast om gåvor" not in json.dumps(data, ensure_ascii=False)
    first = data["items"][0]
    assert first["agency"] == "Skatteverket" and first["url"].endswith(
        "/stodmaterial/utbildning-i-vardegrunden/"
    )
    assert data["licence"]["attribution"] == "Statskontoret, En god förvaltningskultur i staten"
    only = _api(client, "/api/v1/stodmaterial/?myndighet=skatteverket")
    assert [item["title"] for item in only["items"]] == ["Utbildning i värdegrunden"]
    assert _api(client, "/api/v1/stodmaterial/utkast-om-gavor/", status=404)


@pytest.mark.parametrize(
    "query, message",
    [
        ("typ=roman", "Det finns ingen typ av material med det kortnamnet."),
        ("tema=finns-inte", "Det finns inget tema med det kortnamnet."),
    ],
)
def test_an_unknown_filter_value_is_refused_in_swedish(client, query, message):
    make_material()
    data = _api(client, f"/api/v1/stodmaterial/?{query}", status=422)
    assert any(problem["message"] == message for problem in data["problems"]), data


def test_no_submitter_reaches_the_api_or_the_catalogue(client):
    data = form_data(submitter_name="Stina Inlämnarsson", submitter_email="stina@ex.se")
    data.update(agency=None, year=2025, links=[], themes=[], may_share=True)
    submission, _token = services.submit(data, [pdf_upload()])
    services.confirm(submission)
    make_material("Publicerat")
    for path in ("/api/v1/stodmaterial/", "/api/v1/", "/oppna-data/dcat.rdf"):
        body = client.get(path).content.decode()
        assert "Stina" not in body and "stina@ex.se" not in body, path
    catalogue = client.get("/oppna-data/dcat.rdf").content.decode()
    assert "Myndigheters stödmaterial om förvaltningskultur" in catalogue


def test_the_page_cache_keys_on_every_parameter_the_api_reads(client):
    """A parameter the cache does not key on would serve one filter's answer for another."""
    from forvaltningskultur.opendata.api import api
    from forvaltningskultur.opendata.headers import QUERY

    schema = api.get_openapi_schema()
    read = {
        parameter["name"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert read <= set(QUERY), read - set(QUERY)
