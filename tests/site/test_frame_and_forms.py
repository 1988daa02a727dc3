"""The site's frame as served: the breadcrumb's words and the header's one menu toggle."""

import re
from html.parser import HTMLParser

import pytest

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


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


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
    assert nav[0]["text"] == "Seminarier Kurser Dilemman Etiska koder Krönikor Om oss"
    assert len(found.find("form", role="search")) == 1


def test_the_search_page_has_one_search_form(client):
    # The header's search form would be a second search landmark next to the page's own.
    html = client.get("/sok/?q=kultur").content.decode()
    assert len(Elements(html).find("form", role="search")) == 1
    assert 'id="site-search-q"' not in html
