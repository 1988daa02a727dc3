"""Public pages: list, column, author; start page and /om/ blocks; sitemap."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from columns.models import Language
from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status

from .factories import make_author, make_column

pytestmark = pytest.mark.django_db

STANDARD_LINE = "Skribenten svarar själv för innehållet i krönikan."


def titles(html):
    return re.findall(r'class="column-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def unpublished():
    """A draft and a scheduled column by a writer who has nothing published."""
    author = make_author(name="Hemlig Skribent", slug="hemlig-skribent")
    return [
        make_column(author=author, status=Status.DRAFT, title="Utkastet"),
        make_column(author=author, days_ago=-3, title="Den schemalagda"),
    ]


def test_list_is_newest_first_with_author_swedish_date_and_introduction(client):
    stockholm = ZoneInfo("Europe/Stockholm")
    make_column(title="Den äldre", publish_at=dt.datetime(2017, 4, 1, 9, tzinfo=stockholm))
    newest = make_column(
        title="Den nyaste",
        author=make_author(name="Maria Larsson"),
        publish_at=dt.datetime(2017, 5, 3, 8, tzinfo=stockholm),
    )
    make_column(title="Den äldsta", publish_at=dt.datetime(2016, 12, 24, 9, tzinfo=stockholm))

    html = client.get(reverse("columns:list")).content.decode()

    assert titles(html) == ["Den nyaste", "Den äldre", "Den äldsta"]
    assert "Maria Larsson" in html
    assert '<time datetime="2017-05-03">3\u00a0maj 2017</time>' in html
    assert newest.introduction in html


def test_list_paginates_with_accessible_navigation(client):
    for day in range(12):
        make_column(days_ago=day + 1, title=f"Krönika dag {day + 1:02d}")

    first = client.get(reverse("columns:list")).content.decode()
    second = client.get(reverse("columns:list"), {"sida": 2}).content.decode()

    assert titles(first) == [f"Krönika dag {d:02d}" for d in range(1, 11)]
    assert titles(second) == ["Krönika dag 11", "Krönika dag 12"]
    assert '<nav aria-label="Sidnumrering"' in second
    assert '<a class="page-link" href="?sida=2" aria-current="page">' in second
    assert 'href="?sida=1" rel="prev"' in second


def test_drafts_and_scheduled_columns_stay_hidden(client, unpublished):
    visible = make_column(title="Den publicerade")
    pages = [
        reverse("columns:list"),
        reverse("home"),
        visible.get_absolute_url(),
        visible.author.get_absolute_url(),
        "/sitemap.xml",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for column in unpublished:
            assert column.title not in html, url
            assert column.get_absolute_url() not in html, url
    for column in unpublished:
        assert client.get(column.get_absolute_url()).status_code == 404
    # A writer with nothing published has no public page yet.
    assert client.get(unpublished[0].author.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_the_banner(staff_client, unpublished):
    response = staff_client.get(unpublished[0].get_absolute_url())
    assert response.status_code == 200
    assert "Förhandsgranskning" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_column_page_has_byline_date_standard_line_and_more_columns(client):
    author = make_author(
        name="Maria Larsson",
        role="landshövding, tidigare socialminister",
        organisation="",
        portrait=True,
    )
    column = make_column(author=author, title="Kan medborgarna lita på staten?")
    column.publish_at = column.publish_at.replace(year=2017, month=5, day=3, hour=12)
    column.save()
    others = [make_column(days_ago=d, title=f"Annan krönika {d}") for d in (2, 3, 4, 5)]

    response = client.get(column.get_absolute_url())
    html = response.content.decode()

    assert html.count("<h1") == 1
    assert "<h1>Kan medborgarna lita på staten?</h1>" in html
    assert f'<a href="{author.get_absolute_url()}">' in html
    assert "landshövding, tidigare socialminister" in html
    assert "onsdagen den 3\u00a0maj 2017" in html
    assert STANDARD_LINE in html
    assert "<picture>" in html
    assert '<h2 id="fler-kronikor">Fler krönikor</h2>' in html
    more = html.split('id="fler-kronikor"')[1]
    assert titles(more) == [o.title for o in others[:3]]
    assert "Senast uppdaterad" in html


def test_column_in_another_language_is_marked_with_lang(client):
    column = make_column(title="Trust is built every day", language=Language.ENGLISH)
    swedish = make_column(title="Förtroende byggs varje dag")

    html = client.get(column.get_absolute_url()).content.decode()
    assert re.search(r'<div class="column__text" lang="en">\s*<h1>Trust is built', html)
    assert '<div class="column__text rich-text" lang="en">' in html
    # The standard line stays Swedish, like the page.
    assert f'<p class="column__disclaimer fst-italic">{STANDARD_LINE}' in html

    html = client.get(swedish.get_absolute_url()).content.decode()
    assert 'lang="en"' not in html.split("<main")[1].split("Fler krönikor")[0]


def test_author_page_lists_only_their_published_columns(client):
    author = make_author(name="Anna Exempel", bio="Forskar om förvaltning.")
    mine = [make_column(author=author, days_ago=d) for d in (1, 5)]
    make_column(author=author, status=Status.DRAFT, title="Annas utkast")
    someone_else = make_column(title="Någon annans krönika")

    html = client.get(author.get_absolute_url()).content.decode()

    assert "<h1>Anna Exempel</h1>" in html
    assert "Forskar om förvaltning." in html
    assert titles(html) == [c.title for c in mine]
    assert someone_else.title not in html


def test_start_page_shows_the_latest_column(client):
    make_column(days_ago=10, title="Förra krönikan")
    latest = make_column(
        days_ago=1, title="Senaste krönikan", author=make_author(name="Maria Larsson")
    )
    make_column(days_ago=-1, title="Morgondagens krönika")

    html = client.get(reverse("home")).content.decode()
    block = html.split('id="aktuellt-kronikor"')[1].split("</section>")[0]

    assert f'<a href="{latest.get_absolute_url()}">Senaste krönikan</a>' in block
    assert "Maria Larsson" in block
    assert latest.introduction in block
    assert "Förra krönikan" not in block


def test_start_page_without_columns_says_so(client):
    html = client.get(reverse("home")).content.decode()
    assert "Ingen krönika är publicerad ännu." in html


def test_council_writers_are_listed_on_the_about_page(client):
    Page.objects.create(slot=Page.Slot.ABOUT, title="Om oss", status=Status.PUBLISHED)
    member = make_author(name="Maria Larsson", role="landshövding", on_council=True, portrait=True)
    make_author(name="Inte Ledamot")

    html = client.get(reverse("pages:om")).content.decode()
    council = html.split('id="radet"')[1]

    assert f'<a href="{member.get_absolute_url()}"><strong>Maria Larsson</strong></a>' in council
    assert "Inte Ledamot" not in html
    assert council.count("Maria Larsson") == 2  # the name and the portrait's alt text
    # A council member has a page even before their first column.
    assert client.get(member.get_absolute_url()).status_code == 200


def test_sitemap_has_published_columns_and_their_writers(client, settings):
    settings.SITE_URL = "https://forvaltningskultur.example"
    column = make_column()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>https://forvaltningskultur.example{column.get_absolute_url()}</loc>" in xml
    assert f"<loc>https://forvaltningskultur.example{column.author.get_absolute_url()}</loc>" in xml
