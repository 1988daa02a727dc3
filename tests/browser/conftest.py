"""Fixtures the browser tests share."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def sitemap_paths(live_server, client):
    """The demo content's public pages: every path in /sitemap.xml (at least ten)."""
    call_command("seed_demo", stdout=StringIO())
    xml = client.get("/sitemap.xml").content
    locs = [loc.text for loc in ET.fromstring(xml).findall("sm:url/sm:loc", SITEMAP_NS)]  # noqa: S314 - our own sitemap
    paths = [loc.removeprefix(settings.SITE_URL) for loc in locs]
    assert len(paths) >= 10, paths
    return paths
