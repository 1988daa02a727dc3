"""Writers and columns as editors meet them through full_clean()."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from columns.models import Author

from .factories import jpeg_bytes, make_author, make_column

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def portrait_author(**fields):
    return Author(
        name="Anna Exempel",
        slug="anna-exempel",
        role="generaldirektör",
        portrait=ContentFile(jpeg_bytes(), name="a.jpg"),
        **fields,
    )


def test_portrait_needs_alt_text_unless_decorative():
    with pytest.raises(ValidationError) as error:
        portrait_author().full_clean()
    assert "alternativtext" in error.value.message_dict["portrait_alt"][0]

    portrait_author(portrait_decorative=True).full_clean()
    portrait_author(portrait_alt="Porträtt av Anna Exempel").full_clean()


def test_portrait_dimensions_are_stored():
    author = make_author(portrait=True)
    assert (author.portrait_width, author.portrait_height) == (800, 1000)


def test_search_text_is_plain_text():
    column = make_column(
        title="Om jäv",
        introduction="Ingress.",
        body="<p>Det <strong>viktiga</strong> stycket.</p>",
        author=make_author(name="Anna Exempel"),
    )
    document = column.search_document()
    assert (document.title, document.body) == ("Om jäv", "Ingress.\nDet viktiga stycket.")
    assert "Anna Exempel" in document.meta.splitlines()


def test_body_is_sanitised_on_save():
    column = make_column(body='<p onclick="x()">Text</p><script>alert(1)</script>')
    column.refresh_from_db()
    assert column.body == "<p>Text</p>"


def test_author_search_text_and_role_line():
    author = make_author(
        name="Anna Exempel", role="docent", organisation="Exempeluniversitetet", bio="Forskar."
    )
    assert author.role_and_organisation == "docent, Exempeluniversitetet"
    assert author.search_document() is None  # no page of their own yet: not searchable
    author.on_council = True
    document = author.search_document()
    assert (document.title, document.body) == ("Anna Exempel", "Forskar.")
    assert {"docent", "Exempeluniversitetet"} <= set(document.meta.splitlines())
