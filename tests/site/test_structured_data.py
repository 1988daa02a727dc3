"""JSON-LD Event data on event pages, and canonical URLs that match the sitemap."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.seminars.factories import make_seminar

pytestmark = pytest.mark.django_db


def json_ld(body):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [json.loads(block) for block in blocks]


def test_seminar_page_has_event_json_ld_with_the_start_time_and_offset(client):
    start = dt.datetime(2031, 5, 7, 13, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    seminar = make_seminar(
        title="Var går gränsen? <Om jäv>",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1, minutes=30),
    )
    body = client.get(seminar.get_absolute_url()).content.decode()
    (event,) = json_ld(body)
    assert event["@type"] == "Event"
    assert event["name"] == "Var går gränsen? <Om jäv>"
    assert "<Om jäv>" not in body.split('application/ld+json">')[1].split("</script>")[0]
    assert event["startDate"] == "2031-05-07T13:00:00+02:00"
    assert event["endDate"] == "2031-05-07T14:30:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["@type"] == "Place"
    assert event["organizer"]["name"] == "Statskontoret"


def test_cancelled_online_seminar(client):
    seminar = make_seminar(
        is_cancelled=True, is_online=True, online_url="https://mote.example/hemlig", venue=""
    )
    body = client.get(seminar.get_absolute_url()).content.decode()
    (event,) = json_ld(body)
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["location"]["@type"] == "VirtualLocation"
    assert "hemlig" not in body


def test_every_page_in_the_sitemap_has_a_canonical_url_matching_its_entry(client):
    call_command("seed_demo", stdout=StringIO())
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    locs = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) >= 10
    titles = set()
    for loc in locs:
        body = client.get(loc.removeprefix(settings.SITE_URL)).content.decode()
        assert f'<link rel="canonical" href="{loc}">' in body, loc
        title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
        assert title not in titles, f"two pages share the title {title!r}"
        titles.add(title)
        assert re.search(r'<meta name="description" content="[^"]{10,}', body), loc


def test_course_page_has_one_event_per_upcoming_occasion(client):
    from tests.courses.factories import registrable_event

    occasion = registrable_event()
    registrable_event(course=occasion.course)
    body = client.get(occasion.course.get_absolute_url()).content.decode()
    events = json_ld(body)
    assert len(events) == 2
    from django.utils import timezone

    assert timezone.localtime(occasion.starts_at).isoformat() in {e["startDate"] for e in events}
    assert all(e["@type"] == "Event" and e["organizer"]["name"] == "Statskontoret" for e in events)
    assert events[0]["url"].startswith(settings.SITE_URL + occasion.course.get_absolute_url())
