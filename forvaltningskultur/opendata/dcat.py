"""The DCAT-AP-SE catalogue of the open data, as RDF/XML made with rdflib: the catalogue,
a dataset per content type, a distribution per way to take it (API, .ics, RSS), the
licence, the publisher (Statskontoret), a contact point and how often it changes.

A new dataset (agencies' material, say) is one more entry in `datasets()`."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from columns.models import Column
from courses.models import Course
from dilemmas.models import Dilemma
from material.models import Material
from seminars.models import Seminar

from .common import LICENCE_URL, absolute

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/SWE")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
STATSKONTORET = URIRef("https://www.statskontoret.se/")
CONTACT_EMAIL = "mailto:forvaltningskultur@statskontoret.se"


@dataclass
class Distribution:
    key: str
    title: str
    url: str
    media_type: str
    file_type: str


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    keywords: list
    page: str
    frequency: str
    modified: object
    distributions: list = field(default_factory=list)


def _api(name):
    return absolute(reverse(f"api:{name}"))


def datasets() -> list[Dataset]:
    def as_json(what, operation):
        return Distribution("api", f"{what} som JSON", _api(operation), "application/json", "JSON")

    def newest(model):
        return model.objects.published().aggregate(m=Max("updated_at"))["m"]

    return [
        Dataset(
            "dilemman",
            "Dilemman för samtal om förvaltningskultur",
            "Korta fall om svåra situationer i statlig tjänst, med diskussionsfrågor, stöd "
            "till samtalsledaren, regler som gäller och värdegrundens principer.",
            ["dilemma", "värdegrund", "förvaltningskultur", "etik"],
            absolute(reverse("dilemmas:list")),
            "IRREG",
            newest(Dilemma),
            [as_json("Dilemman", "list_dilemmas")],
        ),
        Dataset(
            "seminarier",
            "Seminarier om förvaltningskultur",
            "Kommande och tidigare seminarier med talare, tid, plats, platsläge och filmer.",
            ["seminarium", "förvaltningskultur", "kalender"],
            absolute(reverse("seminars:list")),
            "WEEKLY",
            newest(Seminar),
            [
                as_json("Seminarier", "list_seminars"),
                Distribution(
                    "ics",
                    "Seminarier som kalender (iCalendar)",
                    absolute(reverse("seminars:feed")),
                    "text/calendar",
                    "ICS",
                ),
            ],
        ),
        Dataset(
            "kurser",
            "Kurser om förvaltningskultur",
            "Kurser och deras kommande tillfällen, med platsläge.",
            ["kurs", "förvaltningskultur", "utbildning"],
            absolute(reverse("courses:list")),
            "MONTHLY",
            newest(Course),
            [as_json("Kurser", "list_courses")],
        ),
        Dataset(
            "kronikor",
            "Krönikor om förvaltningskultur",
            "Gästkrönikor med skribent.",
            ["krönika", "förvaltningskultur"],
            absolute(reverse("columns:list")),
            "MONTHLY",
            newest(Column),
            [
                as_json("Krönikor", "list_columns"),
                Distribution(
                    "rss",
                    "Krönikor som RSS-flöde",
                    absolute(reverse("columns:feed")),
                    "application/rss+xml",
                    "RSS",
                ),
            ],
        ),
        Dataset(
            "stodmaterial",
            "Myndigheters stödmaterial om förvaltningskultur",
            "Metodbeskrivningar, samtalsguider, utbildningsupplägg, fallsamlingar och etiska "
            "koder som myndigheter delar med varandra, granskade av Statskontoret.",
            ["stödmaterial", "förvaltningskultur", "samtal", "etik"],
            absolute(reverse("material:list")),
            "IRREG",
            newest(Material),
            [as_json("Stödmaterial", "list_material")],
        ),
    ]


def catalogue_graph() -> Graph:
    base = settings.SITE_URL + reverse("opendata") + "dcat.rdf"
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
    ):
        graph.bind(prefix, namespace)
    catalogue = URIRef(base + "#katalog")
    licence = URIRef(LICENCE_URL)
    sv = "sv"

    def text(subject, predicate, value):
        graph.add((subject, predicate, Literal(value, lang=sv)))

    graph.add((STATSKONTORET, RDF.type, FOAF.Agent))
    text(STATSKONTORET, FOAF.name, "Statskontoret")
    graph.add((STATSKONTORET, DCTERMS.type, PUBLISHER_TYPE))
    contact = URIRef(base + "#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    text(contact, VCARD.fn, "Statskontoret, En god förvaltningskultur i staten")
    graph.add((contact, VCARD.hasEmail, URIRef(CONTACT_EMAIL)))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    text(catalogue, DCTERMS.title, "Öppna data: En god förvaltningskultur i staten")
    text(
        catalogue,
        DCTERMS.description,
        "Statskontorets öppna data om förvaltningskultur: dilemman, seminarier, kurser, "
        "krönikor och myndigheters stödmaterial, fria att återanvända enligt CC BY 4.0.",
    )
    graph.add((catalogue, DCTERMS.publisher, STATSKONTORET))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, DCTERMS.language, EU_LANGUAGE))
    graph.add((catalogue, FOAF.homepage, URIRef(absolute(reverse("opendata")))))
    all_modified = []
    for dataset in datasets():
        node = URIRef(f"{base}#{dataset.key}")
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        text(node, DCTERMS.title, dataset.title)
        text(node, DCTERMS.description, dataset.description)
        graph.add((node, DCTERMS.publisher, STATSKONTORET))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCTERMS.accrualPeriodicity, EU_FREQUENCY[dataset.frequency]))
        graph.add((node, DCAT.theme, EU_THEME.GOVE))
        graph.add((node, DCTERMS.language, EU_LANGUAGE))
        graph.add((node, DCAT.landingPage, URIRef(dataset.page)))
        graph.add((node, DCTERMS.license, licence))
        for word in dataset.keywords:
            text(node, DCAT.keyword, word)
        if dataset.modified:
            modified = timezone.localtime(dataset.modified).replace(microsecond=0)
            all_modified.append(modified)
            graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        for distribution in dataset.distributions:
            dist = URIRef(f"{base}#{dataset.key}-{distribution.key}")
            graph.add((node, DCAT.distribution, dist))
            graph.add((dist, RDF.type, DCAT.Distribution))
            text(dist, DCTERMS.title, distribution.title)
            graph.add((dist, DCAT.accessURL, URIRef(distribution.url)))
            graph.add((dist, DCAT.mediaType, Literal(distribution.media_type)))
            graph.add((dist, DCTERMS.format, EU_FILE_TYPE[distribution.file_type]))
            graph.add((dist, DCTERMS.license, licence))
    if all_modified:
        graph.add((catalogue, DCTERMS.modified, Literal(max(all_modified), datatype=XSD.dateTime)))

    return graph


def catalogue_rdf() -> bytes:
    return catalogue_graph().serialize(format="pretty-xml", encoding="utf-8")
