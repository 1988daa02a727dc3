"""The links on the dilemma pages: what they say, and that every one within the section
carries the conversation pack (it lives only in `?d=`; a link without it empties it)."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.visible import VisibleText

from .factories import make_dilemma

pytestmark = pytest.mark.django_db

# The pages that read the pack: the list, a case and its meeting mode (which does not
# show it, but links back into the section). A PDF and an attachment do not.
NOT_PACK_PAGES = ("/pdf/", "/bilagor/", "/paket/")


class Links(HTMLParser):
    """Each <a href> and each GET form's action with its hidden `d` values; not the
    pack panel's own links, which change the pack (remove one case, empty it)."""

    def __init__(self, html):
        super().__init__()
        self.hrefs, self.forms, self._form, self._in_panel = [], [], None, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "aside" and (self._in_panel or "pack-panel" in attrs.get("class", "")):
            self._in_panel += 1
        elif tag == "a" and "href" in attrs and not self._in_panel:
            self.hrefs.append(attrs["href"])
        elif tag == "form" and attrs.get("method", "get").lower() == "get":
            self._form = {"action": attrs.get("action", ""), "d": []}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name") == "d":
            self._form["d"].append(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "aside" and self._in_panel:
            self._in_panel -= 1


def section_links(html, path):
    """The links from `path` to a page of the dilemma section that shows the pack."""
    links = []
    for href in Links(html).hrefs:
        if href.startswith("#"):  # this very page
            continue
        parts = urlsplit(href)
        target = parts.path or path
        if target.startswith("/dilemman/") and not any(p in target for p in NOT_PACK_PAGES):
            links.append((href, parse_qs(parts.query).get("d", [])))
    return links


@pytest.fixture
def pack_and_case():
    first = make_dilemma("Att packa", slug="att-packa")
    second = make_dilemma("Också packad", slug="ocksa-packad", themes=("mutor-och-gavor",))
    case = make_dilemma(
        "Vänskapen", themes=("jav", "rekrytering"), principles=("objektivitet", "legalitet")
    )
    case.related.add(first)
    return [first.slug, second.slug], case


def test_a_case_names_its_principles_and_themes(client, pack_and_case):
    _pack, case = pack_and_case
    text = VisibleText(client.get(case.get_absolute_url()).content.decode()).text
    for name in ("objektivitet", "legalitet", "jäv", "rekrytering"):
        assert f"Fler dilemman om {name}" in text
    assert "Fler dilemman om (" not in text


def test_every_link_on_a_case_keeps_the_pack(client, pack_and_case):
    pack, case = pack_and_case
    path = case.get_absolute_url()
    html = client.get(path, {"d": pack}).content.decode()
    links = section_links(html, path)
    pack_keeping = {href for href, d in links if d[: len(pack)] == pack}
    # The principles and themes, the related case, the breadcrumb and the menu, meeting
    # mode, and adding this case (the pack plus one).
    assert len(links) >= 8
    assert {href for href, _d in links} - pack_keeping == set()
    assert any("princip=objektivitet" in href for href in pack_keeping)
    assert any("tema=rekrytering" in href for href in pack_keeping)
    assert any(urlsplit(href).path == case.meeting_url() for href in pack_keeping)


def test_every_link_in_meeting_mode_keeps_the_pack(client, pack_and_case):
    pack, case = pack_and_case
    path = case.meeting_url()
    html = client.get(path, {"d": pack}).content.decode()
    links = section_links(html, path)
    # The breadcrumb's list and case, the menu and the way back to the case.
    assert len(links) >= 4
    assert [href for href, d in links if d != pack] == []
    back = [href for href, _d in links if urlsplit(href).path == case.get_absolute_url()]
    assert len(back) >= 2  # the breadcrumb and "Tillbaka till dilemmat…"


def test_meeting_mode_is_cached_per_pack(client, pack_and_case, settings):
    """`d` is a declared query parameter of meeting mode: the page cache keeps one page
    per pack, and does not strip the pack from the request the view sees."""
    from forvaltningskultur.pagecache.keys import declared_query

    pack, case = pack_and_case
    assert "d" in declared_query(case.meeting_url())
    settings.PAGE_CACHE = True
    for asked in (pack, pack[:1]):
        html = client.get(case.meeting_url(), {"d": asked}).content.decode()
        back = [d for href, d in section_links(html, case.meeting_url())]
        assert back and all(d == asked for d in back)


def test_every_link_and_form_on_the_list_keeps_the_pack(client, pack_and_case):
    pack, _case = pack_and_case
    for _ in range(20):
        make_dilemma(themes=("jav",))
    path = "/dilemman/"
    response = client.get(path, {"tema": "jav", "d": pack})
    html = response.content.decode()
    links = section_links(html, path)
    assert len(links) >= 20 + 3  # the cards, the pagination, the filters' removal links
    assert [href for href, d in links if d[: len(pack)] != pack] == []
    forms = [f for f in Links(html).forms if f["action"] == path]
    assert forms and all(f["d"] == pack for f in forms)


def test_no_pack_no_d():
    from dilemmas.filters import with_pack

    assert with_pack("/dilemman/?tema=jav", []) == "/dilemman/?tema=jav"


def test_the_pack_replaces_any_in_the_address_and_keeps_the_rest():
    from dilemmas.filters import with_pack

    url = with_pack("/dilemman/?tema=jav&d=gammal#pack-heading", ["a", "b"])
    assert url == "/dilemman/?tema=jav&d=a&d=b#pack-heading"
