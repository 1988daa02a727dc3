"""The RSS feed, parsed back the way a feed reader would."""

import calendar
import datetime as dt

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from forvaltningskultur.publishing import Status

from .factories import make_author, make_column

pytestmark = pytest.mark.django_db


def fetch(client):
    response = client.get(reverse("columns:feed"), HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


def test_feed_lists_published_columns_newest_first_with_absolute_links(client, settings):
    settings.SITE_URL = "https://forvaltningskultur.example"
    author = make_author(name="Maria Larsson", slug="maria-larsson")
    newest = make_column(
        author=author,
        days_ago=1,
        title="Kan medborgarna lita på staten?",
        slug="kan-medborgarna-lita-pa-staten",
    )
    older = make_column(days_ago=20, title="Jäv är inte ett misslyckande")
    make_column(status=Status.DRAFT, title="Ett utkast")
    make_column(days_ago=-2, title="Schemalagd krönika")

    feed = fetch(client)

    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.link == "https://forvaltningskultur.example/kronikor/"
    assert [e.title for e in feed.entries] == [newest.title, older.title]
    first = feed.entries[0]
    # From SITE_URL, not from the Host header of the request.
    assert (
        first.link == "https://forvaltningskultur.example/kronikor/kan-medborgarna-lita-pa-staten/"
    )
    assert first.id == first.link
    assert first.author == "Maria Larsson"
    assert first.summary == newest.introduction
    published = dt.datetime.fromtimestamp(calendar.timegm(first.published_parsed), tz=dt.UTC)
    assert published == newest.publish_at.replace(microsecond=0)


def test_scheduled_column_enters_the_feed_when_its_time_comes(client, time_machine):
    time_machine.move_to(timezone.now())
    scheduled = make_column(days_ago=-1, title="Kommer i morgon")
    assert scheduled.title not in [e.title for e in fetch(client).entries]

    time_machine.shift(dt.timedelta(days=1, minutes=1))
    assert scheduled.title in [e.title for e in fetch(client).entries]


def test_column_pages_announce_the_feed(client):
    column = make_column()
    for url in (reverse("columns:list"), column.get_absolute_url()):
        html = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Krönikor (RSS)" '
            'href="/kronikor/feed/">' in html
        )
