"""LIX in admin: the label agrees with the rounded figure shown, and the plain
introduction fields show it as the rich-text fields do."""

import lxml.html
import pytest

from forvaltningskultur.readability import describe
from tests.dilemmas.factories import make_dilemma


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (39.4, "LIX 39 (lättläst)"),
        (39.9, "LIX 40 (medelsvår)"),
        (40.1, "LIX 40 (medelsvår)"),
        (29.5, "LIX 30 (lättläst)"),
        (None, ""),
    ],
)
def test_the_level_is_that_of_the_figure_shown(value, shown):
    assert describe(value) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/admin/dilemmas/dilemma/add/", "/admin/seminars/seminar/add/", "/admin/courses/course/add/",
     "/admin/columns/column/add/"],
)  # fmt: skip
def test_the_introduction_shows_its_lix(staff_client, path):
    doc = lxml.html.fromstring(staff_client.get(path).content.decode())
    lix = doc.get_element_by_id("id_introduction-lix")
    assert " ".join(lix.text_content().split()).startswith("Läsbarhet: –.")


@pytest.mark.django_db
def test_a_saved_introduction_shows_its_figure(staff_client):
    case = make_dilemma(introduction="En kort mening. En till mening.")
    doc = lxml.html.fromstring(
        staff_client.get(f"/admin/dilemmas/dilemma/{case.pk}/change/").content.decode()
    )
    lix = " ".join(doc.get_element_by_id("id_introduction-lix").text_content().split())
    assert lix.startswith("Läsbarhet: LIX 3 (mycket lättläst).")
