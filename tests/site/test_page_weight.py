"""Page weight: the start page with everything it loads, content images aside, stays
under 100 kB over the wire; static files are hashed, compressed and cached for a year."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_start_page_weighs_under_100_kb(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = client.get("/").content
    assets = re.findall(
        rb'<(?:link rel="stylesheet"|script)[^>]+(?:href|src)="(/static/[^"]+)"', html
    )
    assert assets, "no stylesheet found"
    total = len(html)  # the HTML itself counted uncompressed
    for asset in assets:
        response = client.get(asset.decode(), HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200, asset
        assert response.get("Content-Encoding") in ("br", "gzip"), asset
        assert "max-age=31536000" in response["Cache-Control"], asset
        assert re.search(rb"\.[0-9a-f]{12}\.(css|js)$", asset), f"{asset} has no content hash"
        total += len(
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    assert total < 100_000, f"the start page weighs {total} bytes"
    assert b"fonts.googleapis" not in html and b"@font-face" not in html
