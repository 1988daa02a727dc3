"""The site's frame and its forms as served: the breadcrumb's words, the header's one menu
toggle, the error summary's role and the "Fel:" that starts a page title on error."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from forvaltningskultur.registration import services
from forvaltningskultur.registration.tokens import registrant_path
from tests.courses.factories import make_occasion
from tests.seminars.factories import make_seminar
from tests.visible import VisibleText

pytestmark = pytest.mark.django_db

SITE = "En god förvaltningskultur i staten"


class Elements(HTMLParser):
    """Each element's tag, attributes and visible text, in document order."""

    def __init__(self, html):
        super().__init__()
        self.elements, self._open = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(element)
        if tag not in {"input", "meta", "link", "br", "img"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"].append(data)

    def find(self, tag=None, **attrs):
        return [
            {**e, "text": " ".join("".join(e["text"]).split())}
            for e in self.elements
            if (tag is None or e["tag"] == tag)
            and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


@pytest.fixture
def person():
    def build(**extra):
        return {
            "name": "Anna Andersson",
            "email": "anna@myndighet.se",
            "organisation": "Verket",
            **extra,
        }

    return build


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def signup_fields(event, **data):
    """What an event's page posts: the fields, and the event (a course's occasion as the
    person chose it in the one form's radio group)."""
    return {"anmalan_for": event.pk, **data}


def test_the_breadcrumbs_first_link_says_startsida(client):
    html = client.get("/seminarier/").content.decode()
    start = html.index('aria-label="Brödsmulor"')
    links = Elements(html[start:]).find("a")
    assert links[0]["text"] == "Startsida"
    assert links[0]["attrs"]["href"] == "/"


def test_the_home_page_is_called_startsida(client):
    assert title(client.get("/")) == f"Startsida – {SITE}"


def test_the_header_has_one_menu_toggle_with_the_search_and_the_main_menu(client):
    html = client.get("/seminarier/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    found = Elements(header)
    toggles = found.find("summary")
    assert [t["text"] for t in toggles] == ["Meny"]
    assert found.find("details")[0]["attrs"].get("open", "closed") == "closed"
    nav = found.find("nav", aria_label="Huvudmeny")
    assert len(nav) == 1
    assert nav[0]["text"] == "Seminarier Kurser Dilemman Etiska koder Stödmaterial Krönikor Om oss"
    assert len(found.find("form", role="search")) == 1


def test_the_search_page_has_one_search_form(client):
    # The header's search form would be a second search landmark next to the page's own.
    html = client.get("/sok/?q=kultur").content.decode()
    assert len(Elements(html).find("form", role="search")) == 1
    assert 'id="site-search-q"' not in html


def test_the_error_summary_is_an_alert_named_by_its_red_title():
    seminar = make_seminar()
    response = Client().post(seminar.get_absolute_url(), signup_fields(seminar, name=""))
    assert response.status_code == 400
    found = Elements(response.content.decode())
    (summary,) = found.find(role="alert", tabindex="-1")
    assert "autofocus" in summary["attrs"]
    (heading,) = found.find(id=summary["attrs"]["aria-labelledby"])
    assert heading["text"] == "Det finns fel i formuläret"
    assert heading["attrs"]["class"] == "error-summary__title"  # styled by class, any level
    assert summary["text"].startswith("Det finns fel i formuläret Namn: Skriv ditt namn.")


def test_a_seminar_sign_up_with_errors_says_fel_in_the_title():
    seminar = make_seminar(title="Var går gränsen?")
    client = Client()
    assert title(client.get(seminar.get_absolute_url())) == f"Var går gränsen? – {SITE}"
    response = client.post(seminar.get_absolute_url(), signup_fields(seminar, name=""))
    assert response.status_code == 400
    assert title(response) == f"Fel: Var går gränsen? – {SITE}"


def test_a_course_occasions_sign_up_with_errors_says_fel_in_the_title():
    occasion = make_occasion()
    make_occasion(course=occasion.course)  # two occasions, one form: its errors
    page = occasion.course.get_absolute_url()
    client = Client()
    assert not title(client.get(page)).startswith("Fel:")
    response = client.post(page, signup_fields(occasion, email="inte en adress"))
    assert response.status_code == 400
    assert title(response) == f"Fel: {occasion.course.title} – {SITE}"


def test_a_sign_up_that_closed_meanwhile_says_fel_in_the_title(person):
    seminar = make_seminar()
    client = Client()
    page = client.get(seminar.get_absolute_url())
    assert page.status_code == 200
    seminar.is_cancelled = True
    seminar.save()
    response = client.post(seminar.get_absolute_url(), signup_fields(seminar, **person()))
    assert response.status_code == 409
    assert title(response).startswith("Fel: ")
    alerts = Elements(response.content.decode()).find(role="alert")
    assert [a["text"] for a in alerts] == ["Evenemanget är inställt. Det går inte att anmäla sig."]


def test_the_registrants_page_with_a_wrong_address_says_fel_in_the_title(person):
    seminar = make_seminar()
    registration = services.register(seminar, person()).registration
    own_page = registrant_path(registration)
    client = Client()
    assert title(client.get(own_page)) == f"Din anmälan – {SITE}"
    response = client.post(own_page + "epost/", {"email": "inte en adress"})
    assert response.status_code == 400
    assert title(response) == f"Fel: Din anmälan – {SITE}"
    alerts = Elements(response.content.decode()).find(role="alert")
    assert [a["text"] for a in alerts] == ["Skriv e-postadressen i formatet namn@myndighet.se."]
    link = Elements(response.content.decode()).find("a", href="#id_email")
    assert [a["text"] for a in link] == ["Skriv e-postadressen i formatet namn@myndighet.se."]
    assert (
        "Skriv e-postadressen i formatet namn@myndighet.se."
        in VisibleText(response.content.decode()).text
    )


def test_a_pack_that_cannot_be_made_says_fel_in_the_title(client):
    response = client.get("/dilemman/paket/?d=finns-inte")
    assert response.status_code == 400
    assert title(response) == f"Fel: Samtalspaketet kan inte skapas – {SITE}"
    heading = Elements(response.content.decode()).find("h1")[0]
    assert heading["attrs"]["class"] == "h2 error-summary__title"  # red, like the summary's


@pytest.mark.parametrize("path", ["/", "/seminarier/", "/sok/?q=kultur", "/sok/?q=" + "x" * 300])
def test_pages_without_errors_do_not_say_fel(client, path):
    assert not title(client.get(path)).startswith("Fel:")
