"""The one upload validator: types from content, size caps, no active content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forvaltningskultur import uploads
from forvaltningskultur.uploads import UploadTo, validate_document, validate_image
from tests.columns.factories import jpeg_bytes


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"

CASES = [
    ("rapport.pdf", PDF, validate_document, None),
    ("kod.docx", docx_bytes(), validate_document, None),
    ("kod.odt", odt_bytes(), validate_document, None),
    ("bild.jpg", jpeg_bytes((40, 30)), validate_image, None),
    (
        "sida.pdf",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        validate_document,
        "bad_type",
    ),
    (
        "logga.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
        validate_image,
        "bad_type",
    ),
    (
        "polyglot.pdf",
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        validate_document,
        "active",
    ),
    ("bild.jpg", b"\xff\xd8\xff\xe0 not really a jpeg <script>", validate_image, "bad_image"),
    ("skript.docx", b"#!/bin/sh\nrm -rf /\n", validate_document, "bad_type"),
    ("stor.pdf", PDF + b"0" * (uploads.DOCUMENT.max_bytes + 1), validate_document, "too_large"),
]


@pytest.mark.parametrize(
    ("name", "content", "validator", "code"), CASES, ids=[c[0] + "-" + str(c[3]) for c in CASES]
)
def test_upload_table(name, content, validator, code):
    upload = SimpleUploadedFile(name, content)
    if code is None:
        validator(upload)
    else:
        with pytest.raises(ValidationError) as error:
            validator(upload)
        assert error.value.code == code
        assert error.value.messages[0]  # a Swedish sentence, shown in admin


def test_huge_pixel_count_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 million pixels, a small file
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert error.value.code == "too_many_pixels"


def test_storage_name_is_generated_and_never_a_path():
    name = UploadTo("dilemman")(None, "../../etc/passwd.pdf")
    assert name.startswith("dilemman/")
    assert ".." not in name and "passwd" not in name
    assert name.endswith(".pdf")


def test_uploaded_documents_download_with_nosniff(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "dilemman").mkdir()
    (tmp_path / "dilemman" / "kod.pdf").write_bytes(PDF)
    response = client.get("/media/dilemman/kod.pdf")
    response.close()  # the file it streams from
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    outside = client.get("/media/../settings.py")
    assert outside.status_code == 400  # Django's SuspiciousFileOperation
    assert "Felaktig begäran" in outside.content.decode()


@pytest.mark.django_db
def test_a_files_size_is_asked_of_the_storage_once(settings, tmp_path):
    from django.core.files.base import ContentFile

    from dilemmas.models import CodeOfEthics
    from forvaltningskultur.uploads import describe

    settings.MEDIA_ROOT = tmp_path
    code = CodeOfEthics(agency="Verket", title="Kod", year=2024)
    code.file.save("kod.pdf", ContentFile(PDF + b"x" * 3000), save=True)
    assert describe(code.file) == "pdf, 3\u00a0kB"
    stored = tmp_path / code.file.name
    stored.write_bytes(b"")  # the storage would now say 0 bytes; the kept size stands
    assert describe(code.file) == "pdf, 3\u00a0kB"
    missing = CodeOfEthics(agency="Verket", title="Borta", year=2024, file="dilemman/borta.pdf")
    assert describe(missing.file) == ""


@pytest.mark.django_db
def test_an_images_dimensions_are_read_once(settings, tmp_path):
    from django.core.files.base import ContentFile

    from forvaltningskultur.uploads import dimensions
    from tests.columns.factories import make_author

    settings.MEDIA_ROOT = tmp_path
    author = make_author()
    author.portrait.save("portratt.jpg", ContentFile(jpeg_bytes((40, 30))), save=True)
    assert dimensions(author.portrait) == (40, 30)
    (tmp_path / author.portrait.name).write_bytes(jpeg_bytes((10, 10)))
    fresh = type(author).objects.get(pk=author.pk)  # a new instance knows nothing yet
    assert dimensions(fresh.portrait) == (40, 30)


def test_every_image_field_checks_uploads_before_decoding():
    """Each image upload, in the admin or any form, gets the site's precise reasons."""
    from django.apps import apps
    from django.core.exceptions import ValidationError as FormError
    from django.db import models as db

    from forvaltningskultur.uploads import CheckedImageField

    image_fields = [
        field
        for model in apps.get_models()
        if not model._meta.model_name.startswith("historical")
        for field in model._meta.get_fields()
        if isinstance(field, db.ImageField)
    ]
    assert {f"{f.model.__name__}.{f.name}" for f in image_fields} >= {
        "Seminar.image",
        "Speaker.photo",
        "Author.portrait",
    }
    svg = SimpleUploadedFile("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    for field in image_fields:
        assert isinstance(field, CheckedImageField), field
        with pytest.raises(FormError, match="Filtypen tillåts inte"):
            field.formfield().clean(svg)
