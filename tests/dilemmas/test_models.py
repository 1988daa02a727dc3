"""Dilemma models: principles and themes from migrations, publishing rules, attachments."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from dilemmas import downloads
from dilemmas.downloads import tally
from dilemmas.models import (
    Attachment,
    CodeOfEthics,
    DownloadCount,
    Principle,
    Theme,
    publishing_problems,
)
from forvaltningskultur import uploads

from .factories import make_dilemma

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def test_the_six_principles_exist_with_their_legal_sources():
    principles = {p.slug: p for p in Principle.objects.all()}
    assert len(principles) == 6
    assert principles["objektivitet"].legal_source == "Regeringsformen 1 kap. 9 §"
    assert principles["respekt"].legal_source == "Regeringsformen 1 kap. 2 §"
    assert "1 kap. 1 §" in principles["demokrati"].legal_source
    assert "förvaltningslagen" in principles["effektivitet-och-service"].legal_source.lower()


def test_themes_taxonomy_is_initial_data():
    korruption = Theme.objects.get(slug="korruption")
    children = set(korruption.children.values_list("name", flat=True))
    assert children == {"Mutor och gåvor", "Vänskapskorruption", "Jäv", "Bisysslor", "Upphandling"}
    top = set(Theme.objects.filter(parent=None).values_list("name", flat=True))
    assert {"Rekrytering", "Internt bemötande", "Offentlighet och sekretess"} <= top
    assert str(Theme.objects.get(slug="jav")) == "Korruption – Jäv"


def test_publishing_problems_name_what_is_missing():
    assert publishing_problems(principles=1, themes=1, questions=2) == {}
    problems = publishing_problems(principles=0, themes=0, questions=1)
    assert problems == {
        "principles": "Välj minst en värdegrundsprincip för att publicera.",
        "themes": "Välj minst ett tema för att publicera.",
        "questions": "Skriv minst 2 diskussionsfrågor för att publicera (nu 1).",
    }
    assert publishing_problems(themes=1) == {}  # parts not given are not judged


def test_a_saved_case_reports_its_own_problems():
    ready = make_dilemma()
    assert ready.publishing_problems() == []
    bare = make_dilemma(themes=(), principles=(), questions=("Bara en fråga?",))
    assert len(bare.publishing_problems()) == 3


def test_search_document_is_plain_text_with_the_themes_apart():
    dilemma = make_dilemma("Gåvan", scenario="<p><strong>Vad</strong> gör du?</p>")
    document = dilemma.search_document()
    assert "Vad gör du?" in document.body and "<" not in document.body
    assert "Hur skulle du agera?" in document.body
    themes = [t.name for t in dilemma.themes.all()]
    assert themes and all(name in document.taxonomy.splitlines() for name in themes)
    assert document.title == "Gåvan"


def attachment(name, content):
    dilemma = make_dilemma()
    return Attachment(dilemma=dilemma, title="Bilaga", file=SimpleUploadedFile(name, content))


def test_a_pdf_attachment_is_accepted_and_described():
    item = attachment("underlag.pdf", PDF_BYTES)
    item.full_clean()
    item.save()
    assert item.file.name.startswith("dilemman/") and item.file.name.endswith(".pdf")
    assert item.description == "pdf, 1\u00a0kB"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "fall.pdf",
            b"<!DOCTYPE html><html><body><script>alert(1)</script>",
            "Filtypen tillåts inte",
        ),
        (
            "bild.pdf",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "Filtypen tillåts inte",
        ),
        ("stor.pdf", PDF_BYTES + b"0" * uploads.DOCUMENT.max_bytes, "Filen är för stor"),
    ],
    ids=["renamed-html", "svg", "oversize"],
)
def test_bad_attachments_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        attachment(name, content).full_clean()
    assert message in " ".join(error.value.message_dict["file"])


def test_a_file_name_with_dot_dot_slash_is_refused():
    dilemma = make_dilemma()
    item = Attachment(
        dilemma=dilemma, title="Bilaga", file=File(io.BytesIO(PDF_BYTES), name="../../etc/fall.pdf")
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "får inte innehålla ”../”" in error.value.message_dict["file"][0]


def test_code_of_ethics_needs_a_file_or_a_link():
    code = CodeOfEthics(agency="Myndigheten", title="Etisk kod", year=2020)
    with pytest.raises(ValidationError) as error:
        code.full_clean()
    assert "fil eller ange en länk" in str(error.value)
    code.url = "https://example.org/kod"
    code.link_format = "pdf, 300 kB"
    code.full_clean()
    assert code.format_description == "pdf, 300 kB"


def test_download_counts_add_up_per_month_without_personal_data():
    dilemma = make_dilemma()
    downloads.record(dilemma=dilemma)
    downloads.record(dilemma=dilemma)
    downloads.record(pack_slugs=["b", "a"])
    downloads.record(pack_slugs=["a", "b"])
    tally.write()
    case_row = DownloadCount.objects.get(kind="dilemma")
    pack_row = DownloadCount.objects.get(kind="paket")
    assert (case_row.dilemma, case_row.count) == (dilemma, 2)
    assert (pack_row.pack, pack_row.count) == ("a,b", 2)
    assert case_row.month.day == 1
    fields = {f.name for f in DownloadCount._meta.get_fields()}
    assert fields == {"id", "month", "kind", "dilemma", "pack", "count"}
