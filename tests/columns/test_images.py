"""Portraits: refused when not a safe image, served only as resized renditions."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from columns.models import Author
from forvaltningskultur import uploads

from .factories import jpeg_bytes, make_author, make_column, png_claiming

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns above its own limit before our validator refuses; the refusal is tested.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

BAD_PORTRAITS = [
    pytest.param("portratt.jpg", b"%PDF-1.7\n%%EOF\n", "Filtypen tillåts inte", id="not-an-image"),
    pytest.param(
        "portratt.jpg",
        jpeg_bytes() + b"\0" * uploads.IMAGE.max_bytes,
        "Filen är för stor: högst 10\u00a0MB",
        id="too-large",
    ),
    pytest.param(
        "portratt.png",
        png_claiming(8_000, 6_000),
        "Bilden har för många pixlar (högst 40 miljoner)",
        id="too-many-pixels",
    ),
]
# Pillow itself refuses to open this one; Django's own form field would call it "corrupt".
BOMB = pytest.param(
    "portratt.png", png_claiming(30_000, 30_000), "Bilden har för många pixlar", id="bomb"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(("name", "content", "message"), BAD_PORTRAITS)
def test_model_refuses_bad_portrait(name, content, message):
    author = Author(
        name="Anna Exempel",
        slug="anna-exempel",
        role="generaldirektör",
        portrait=ContentFile(content, name=name),
        portrait_alt="Porträtt av Anna Exempel",
    )
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert any(message in text for text in error.value.message_dict["portrait"])


@pytest.mark.parametrize(("name", "content", "message"), [*BAD_PORTRAITS, BOMB])
def test_admin_add_form_refuses_bad_portrait(staff_client, name, content, message):
    response = staff_client.post(
        reverse("admin:columns_author_add"),
        {
            "name": "Anna Exempel",
            "slug": "anna-exempel",
            "role": "generaldirektör",
            "portrait": SimpleUploadedFile(name, content),
            "portrait_alt": "Porträtt av Anna Exempel",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Author.objects.exists()


def test_admin_refuses_portrait_without_alt_text_unless_decorative(staff_client):
    url = reverse("admin:columns_author_add")
    data = {"name": "Anna Exempel", "slug": "anna-exempel", "role": "generaldirektör"}
    response = staff_client.post(
        url, {**data, "portrait": SimpleUploadedFile("a.jpg", jpeg_bytes())}
    )
    assert "Skriv en alternativtext som beskriver bilden" in response.content.decode()
    assert not Author.objects.exists()

    response = staff_client.post(
        url,
        {
            **data,
            "portrait": SimpleUploadedFile("a.jpg", jpeg_bytes()),
            "portrait_decorative": "on",
        },
    )
    assert response.status_code == 302
    assert Author.objects.get().portrait_alt_text == ""


def test_good_portrait_through_admin_is_stored_under_a_generated_name(staff_client, media_root):
    response = staff_client.post(
        reverse("admin:columns_author_add"),
        {
            "name": "Anna Exempel",
            "slug": "anna-exempel",
            "role": "generaldirektör",
            "portrait": SimpleUploadedFile("../../mitt foto.jpg", jpeg_bytes((600, 900))),
            "portrait_alt": "Porträtt av Anna Exempel",
        },
    )
    assert response.status_code == 302
    author = Author.objects.get()
    assert re.fullmatch(r"portratt/\d{4}/[0-9a-f]{32}\.jpg", author.portrait.name)
    assert (author.portrait_width, author.portrait_height) == (600, 900)
    assert (media_root / author.portrait.name).exists()


def test_good_portrait_yields_webp_and_jpeg_renditions(media_root):
    author = make_author(portrait=True)  # an 800 × 1000 JPEG
    html = Template(
        "{% load images %}{% picture author.portrait alt=author.portrait_alt_text "
        'sizes="320px" max_width=320 %}'
    ).render(Context({"author": author}))

    assert 'width="320" height="400"' in html
    assert 'alt="Porträtt av ' in html
    assert author.portrait.url not in html  # the original upload is never linked
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    jpeg = re.search(r'<img [^>]*srcset="([^"]+)"', html).group(1)
    for srcset, fmt in ((webp, "WEBP"), (jpeg, "JPEG")):
        candidates = [item.split() for item in srcset.split(", ")]
        assert [w for _, w in candidates] == ["320w", "640w"]
        for url, width in candidates:
            path = Path(media_root) / url.removeprefix("/media/")
            assert path.exists(), url
            with Image.open(path) as image:
                assert image.format == fmt
                expected = int(width.removesuffix("w"))
                assert image.size == (expected, expected * 5 // 4)


def test_column_page_shows_the_portrait_as_a_rendition(client):
    column = make_column(author=make_author(portrait=True))
    html = client.get(column.get_absolute_url()).content.decode()
    assert "<picture>" in html
    assert 'type="image/webp"' in html
    assert f'alt="Porträtt av {column.author.name}"' in html
    assert column.author.portrait.url not in html
