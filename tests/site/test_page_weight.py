"""Page weight: the start page with everything it loads, content images aside, stays
under 100 kB over the wire; static files are hashed, compressed and cached for a year."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_start_page_weighs_under_100_kb(client):
    call_command("seed_demo", stdout=StringIO())
    html = client.get("/").content
    assets = re.findall(
        rb'<(?:link rel="stylesheet"|script)[^>]+(?:href|src)="(/static/[^"]+)"', html
    )
    assert assets, "no stylesheet found"
    total = len(html)  # the HTML itself counted uncompressed
    for asset in assets:
        response = client.get(asset.decode(), HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200, asset
        assert response.get("Content-Encoding") == "br", asset  # whitenoise[brotli]
        assert "max-age=31536000" in response["Cache-Control"], asset
        assert re.search(rb"\.[0-9a-f]{12}\.(css|js)$", asset), f"{asset} has no content hash"
        total += len(
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    assert total < 100_000, f"the start page weighs {total} bytes"


def test_no_page_loads_a_web_font(client):
    """The system's own fonts: no font file to wait for, and nothing fetched elsewhere."""
    call_command("seed_demo", stdout=StringIO())
    html = client.get("/").content.decode()
    assert 'rel="preload"' not in html and "fonts.googleapis" not in html
    stylesheets = re.findall(r'<link rel="stylesheet"[^>]+href="(/static/[^"]+\.css)"', html)
    assert len(stylesheets) >= 2, stylesheets  # Bootstrap and the site's own
    for stylesheet in stylesheets:
        response = client.get(stylesheet)
        css = b"".join(response.streaming_content).decode()
        assert "@font-face" not in css and "@import" not in css, stylesheet
        assert not re.search(r"\.(woff2?|ttf|otf)\b", css), stylesheet
