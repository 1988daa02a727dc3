"""The DCAT-AP-SE catalogue read back with rdflib, and the widgets' headers: frameable
by any site, while the rest of the site stays DENY."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_seminar

pytestmark = pytest.mark.django_db

VCARD = "http://www.w3.org/2006/vcard/ns#"


def catalogue(client):
    response = client.get("/oppna-data/dcat.rdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rdf+xml")
    graph = Graph()
    graph.parse(data=response.content, format="xml")
    return graph


def test_the_catalogue_names_every_dataset_and_distribution(client):
    make_dilemma("Jävet")
    graph = catalogue(client)
    (catalogue_node,) = graph.subjects(RDF.type, DCAT.Catalog)
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license):
        assert graph.value(catalogue_node, predicate) is not None, predicate
    datasets = {
        str(graph.value(d, DCTERMS.title)): d for d in graph.objects(catalogue_node, DCAT.dataset)
    }
    assert set(datasets) == {
        "Dilemman för samtal om förvaltningskultur",
        "Seminarier om förvaltningskultur",
        "Kurser om förvaltningskultur",
        "Krönikor om förvaltningskultur",
        "Myndigheters stödmaterial om förvaltningskultur",
    }
    # The catalogue's description names what it holds, each dataset's kind.
    described = str(graph.value(catalogue_node, DCTERMS.description))
    for kind in ("dilemman", "seminarier", "kurser", "krönikor", "stödmaterial"):
        assert kind in described, kind
    access = set()
    for dataset in datasets.values():
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for predicate in (DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint,
                          DCTERMS.accrualPeriodicity, DCAT.keyword, DCAT.distribution):  # fmt: skip
            assert graph.value(dataset, predicate) is not None, (dataset, predicate)
        contact = graph.value(dataset, DCAT.contactPoint)
        assert str(graph.value(contact, URIRef(VCARD + "hasEmail"))).startswith("mailto:")
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert graph.value(distribution, DCTERMS.title) is not None
            assert graph.value(distribution, DCTERMS.license) is not None
            access.add(
                str(graph.value(distribution, DCAT.accessURL)).split("://", 1)[1].split("/", 1)[1]
            )
    assert access == {
        "api/v1/dilemman/", "api/v1/seminarier/", "seminarier/kalender.ics", "api/v1/kurser/",
        "api/v1/kronikor/", "kronikor/feed/", "api/v1/stodmaterial/",
    }  # fmt: skip
    publisher = graph.value(catalogue_node, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Statskontoret"
    dilemmas = datasets["Dilemman för samtal om förvaltningskultur"]
    assert graph.value(dilemmas, DCTERMS.modified) is not None


def test_every_distribution_answers(client):
    make_seminar()
    for distribution in catalogue(client).subjects(RDF.type, DCAT.Distribution):
        url = str(catalogue(client).value(distribution, DCAT.accessURL))
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/widget/seminarier/", "/widget/dilemman/"])
def test_a_widget_may_be_framed_anywhere_and_sets_no_cookie(client, path):
    make_seminar(title="Seminariet om tillit")
    make_dilemma("Jävet i upphandlingen")
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.cookies
    html = response.content.decode()
    assert "<script" not in html
    assert ("Seminariet om tillit" if "seminarier" in path else "Jävet i upphandlingen") in html


@pytest.mark.parametrize("path", ["/", "/oppna-data/", "/api/v1/docs/", "/dilemman/"])
def test_the_rest_of_the_site_may_not_be_framed(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_open_data_page_is_linked_from_the_footer_and_shows_the_snippet(client):
    home = client.get("/").content.decode()
    assert 'href="/oppna-data/"' in home
    html = client.get("/oppna-data/").content.decode()
    assert "&lt;iframe src=&quot;" in html or '&lt;iframe src="' in html
    assert "/widget/seminarier/" in html and "curl " in html and "CC BY 4.0" in html
