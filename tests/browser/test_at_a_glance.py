"""Defects a person sees at a glance on a phone and that markup checks miss: a time
range broken after its dash, a long title broken mid-word without a hyphen, a writer's
name pushed below the first screen."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LINES = """(element, text) => {
  // The lines a text in the element is laid out on: the distinct tops of its characters.
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    for (let i = at; i < at + text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width) tops.add(Math.round(box.top));
    }
    return tops.size;
  }
  return -1;
}"""


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def test_a_seminars_time_range_stays_on_one_line_on_a_phone(page, seeded):
    page.set_viewport_size(PHONE)
    page.goto("/seminarier/")
    page.get_by_role(
        "link", name="Var går gränsen? Om vänskapskorruption och olämpliga relationer"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Var går gränsen?")
    assert page.get_by_role("main").evaluate(LINES, "13.00–\u206014.30") == 1


def test_the_accessibility_statements_title_breaks_with_a_hyphen(page, seeded):
    page.set_viewport_size(PHONE)
    page.goto("/tillganglighetsredogorelse/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Tillgänglighetsredogörelse")  # the soft hyphen is not read
    # Two lines, broken where the soft hyphen is: "Tillgänglighets-" / "redogörelse".
    assert heading.evaluate(LINES, "Tillgänglighets") == 1
    # (The first letter after a break measures across both lines, so it is left out.)
    assert heading.evaluate(LINES, "edogörelse") == 1
    assert heading.evaluate(LINES, "Tillgänglighets\u00adredogörelse") == 2


@pytest.mark.parametrize(
    "name, path",
    [
        ("Maria Larsson", "/kronikor/forfattare/maria-larsson/"),
        (
            "Exempelnamn Förvaltningsforskare",
            "/kronikor/forfattare/exempelnamn-forvaltningsforskare/",
        ),
    ],
)
def test_a_writers_name_is_on_the_first_screen_and_beside_the_portrait(page, seeded, name, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    heading = page.get_by_role("heading", level=1, name=name)
    assert heading.bounding_box()["y"] + 40 < PHONE["height"] / 2
    page.set_viewport_size({"width": 1280, "height": 900})
    portrait = page.get_by_role("main").get_by_role("img").first
    box, face = heading.bounding_box(), portrait.bounding_box()
    assert box["x"] > face["x"] + face["width"], "the name stands beside the portrait"
    assert box["y"] < face["y"] + face["height"]
