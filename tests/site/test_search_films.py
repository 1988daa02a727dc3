"""A word spoken in a filmed lecture is found, and the hit opens the film at that moment.

The demo films' captions (seminars/seed.py) each hold a word said nowhere else on the
site: "kontrollparadoxen" at 12.34 in "Tillit i förvaltningen – föreläsning".
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from forvaltningskultur.search import search
from seminars.models import Film

FILM = "Tillit i förvaltningen – föreläsning"
WORD = "kontrollparadoxen"


@pytest.mark.django_db
@pytest.mark.backend
def test_a_spoken_word_finds_the_film_at_its_moment():
    call_command("seed_demo", stdout=StringIO())
    film = Film.objects.get(title=FILM)
    [hit] = search(WORD)
    assert (hit.label, hit.title) == ("Film", FILM)
    assert hit.detail == f"Från seminariet ”{film.seminar.title}”"
    assert (hit.moment.label, hit.moment.url) == ("12.34", film.moment_url(754))
    assert (
        re.sub("<[^>]+>", "", hit.moment.text)
        == "Det här är vad jag brukar kalla kontrollparadoxen:"
    )
    # Inflected, as a visitor might remember it, and without the film's seminar words.
    assert [h.title for h in search("kontrollparadox")] == [FILM]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_hit_opens_the_film_where_the_word_is_said(page, live_server, assert_accessible, width):
    call_command("seed_demo", stdout=StringIO())
    offsite = []

    def only_this_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.fulfill(
                status=200, content_type="text/html", body="<!doctype html><title>x</title>"
            )

    page.route("**/*", only_this_site)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/sok/")
    page.get_by_role("searchbox", name="Sökord").fill(WORD)
    page.get_by_role("button", name="Sök", exact=True).click()

    hit = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=FILM))
    expect(hit).to_contain_text("Film · Från seminariet")
    expect(hit).to_contain_text(
        "I filmen, 12.34: Det här är vad jag brukar kalla kontrollparadoxen"
    )
    assert_accessible(page)

    hit.get_by_role("link", name="I filmen, 12.34").click()
    region = page.get_by_role("region", name=FILM)
    expect(region.get_by_text("Startar vid 12.34", exact=True)).to_be_visible()
    line = region.get_by_role("listitem").filter(has_text=WORD)
    expect(line).to_have_attribute("aria-current", "true")
    expect(line).to_be_in_viewport()
    assert offsite == [], "the video host is not asked before the visitor starts the film"

    region.get_by_role("button", name=f"Spela upp ”{FILM}” här").click()
    player = region.get_by_title(FILM, exact=True)
    expect(player).to_be_visible()
    assert re.search(r"[?&]start=754(&|$)", player.get_attribute("src"))
