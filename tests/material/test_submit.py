"""The form that offers material: a good submission, every bad input refused with a
Swedish message and nothing saved, the confirmation link, and the mails."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from material.models import Submission, SubmissionFile, SubmissionStatus

from .factories import EXE, HTML, SVG, docx_bytes, form_data, pdf_upload, pptx_bytes

pytestmark = pytest.mark.django_db

URL = "/dela-material/"


def _post(client, files=(), **changes):
    data = form_data(**changes)
    if files:
        data["files"] = list(files)
    return client.post(URL, data)


def _link(mail) -> str:
    return re.search(r"http://testserver(/dela-material/bekrafta/[^/\s]+/)", mail.body).group(1)


def test_the_form_is_there_with_the_notice_on_personal_data(client):
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Varför vi frågar efter ditt namn och din e-postadress" in text
    assert "raderas 90 dagar efter" in text
    assert "Bara Statskontorets redaktörer ser dem" in text


def test_a_submission_is_saved_unconfirmed_and_mails_the_link(client, mailoutbox):
    response = _post(client, files=[pdf_upload(), SimpleUploadedFile("bilder.pptx", pptx_bytes())])
    assert response.status_code == 302
    assert response["Location"] == "/dela-material/tack/"
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.UNCONFIRMED
    assert sorted(f.file.name.rsplit(".", 1)[1] for f in submission.files.all()) == ["pdf", "pptx"]
    assert [m.to for m in mailoutbox] == [["stina.inlamnarsson@exempelverket.se"]]
    assert "Bekräfta din e-postadress" in mailoutbox[0].body


def test_the_link_confirms_on_a_button_and_mails_the_editors(client, mailoutbox, settings):
    settings.MATERIAL_REVIEW_EMAIL = "granskning@statskontoret.se"
    _post(client, files=[pdf_upload()])
    link = _link(mailoutbox[0])
    page = client.get(link)
    assert "Bekräfta bidraget" in page.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.UNCONFIRMED  # GET changes nothing
    done = client.post(link)
    assert "Bidraget är bekräftat" in done.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.PENDING
    assert mailoutbox[-1].to == ["granskning@statskontoret.se"]
    assert "/admin/material/incomingsubmission/" in mailoutbox[-1].body
    client.post(link)  # again: no second mail
    assert len(mailoutbox) == 2


def test_a_wrong_link_is_404(client):
    assert client.get("/dela-material/bekrafta/fel-token/").status_code == 404


BAD_FILES = [
    ("renamed HTML", "guide.pdf", HTML, "Filtypen tillåts inte"),
    ("SVG", "bild.svg", SVG, "Filtypen tillåts inte"),
    ("executable", "program.docx", EXE, "Filtypen tillåts inte"),
]


@pytest.mark.parametrize(
    ("what", "name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_wrong_file_types_are_refused_in_swedish(client, mailoutbox, what, name, content, message):
    response = _post(client, files=[SimpleUploadedFile(name, content)])
    text = response.content.decode()
    assert response.status_code == 400
    assert "Det finns fel i formuläret" in text
    assert f"{name}: {message}" in text
    assert "Tillåtna typer för en fil: pdf, docx, odt, pptx" in text
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    assert not mailoutbox


def test_docx_and_odt_pass_the_content_check(client):
    assert _post(client, files=[SimpleUploadedFile("a.docx", docx_bytes())]).status_code == 302


def test_an_oversized_file_is_refused(client):
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1000 * 1000 + 1))
    response = _post(client, files=[big])
    assert response.status_code == 400
    assert "stor.pdf: Filen är för stor: högst 10\u00a0MB för en fil." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_body_above_the_forms_cap_is_refused_before_it_is_read(client, settings):
    settings.MAX_PUBLIC_REQUEST_BYTES = 2000
    settings.PUBLIC_UPLOAD_REQUEST_BYTES = {URL: 5000}
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * 6000)
    response = _post(client, files=[big])
    assert response.status_code == 413
    assert "Begäran är för stor." in response.content.decode()
    assert not Submission.objects.exists()


def test_other_public_paths_keep_the_small_cap(client, settings):
    settings.MAX_PUBLIC_REQUEST_BYTES = 4000
    response = client.post("/sok/", {"q": "x" * 5000})
    assert response.status_code == 413


def test_a_missing_licence_choice_is_named(client):
    response = _post(client, files=[pdf_upload()], licence=None)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Licens: Välj under vilken licens materialet får delas." in text
    assert not Submission.objects.exists()


def test_no_file_and_no_link_is_named(client):
    response = _post(client)
    assert (
        "Ladda upp minst en fil eller skriv en länk till materialet." in response.content.decode()
    )
    assert not Submission.objects.exists()


def test_a_link_alone_will_do(client):
    assert _post(client, links="https://www.exempelverket.se/samtal").status_code == 302
    assert Submission.objects.get().link_list() == ["https://www.exempelverket.se/samtal"]


def test_a_cross_site_post_is_refused_and_saves_nothing(client, mailoutbox):
    data = form_data()
    data["files"] = [pdf_upload()]
    response = client.post(
        URL, data, headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://ond.example"}
    )
    assert response.status_code == 403
    assert "annan webbplats" in response.content.decode()
    assert not Submission.objects.exists() and not mailoutbox


@override_settings(MATERIAL_RATE_LIMITS={"ip": (2, 3600)})
def test_too_many_from_one_client_get_a_clear_message(client, mailoutbox):
    for n in range(2):
        assert _post(client, links="https://a.se/", submitter_email=f"p{n}@a.se").status_code == 302
    response = _post(client, links="https://a.se/", submitter_email="p9@a.se")
    text = response.content.decode()
    assert response.status_code == 429
    assert "Det har kommit många bidrag härifrån på kort tid." in text
    assert Submission.objects.count() == 2
    assert len(mailoutbox) == 2


def test_the_honeypot_answers_as_if_it_worked(client, mailoutbox):
    response = _post(client, links="https://a.se/", website="http://spam")
    assert response.status_code == 302
    assert not Submission.objects.exists() and not mailoutbox


def test_posted_too_fast(client, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 30
    response = _post(client, links="https://a.se/")
    assert "Formuläret skickades ovanligt snabbt" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_forms_cap_lets_a_file_larger_than_the_public_cap_through(client, settings):
    settings.MAX_PUBLIC_REQUEST_BYTES = 2000
    settings.PUBLIC_UPLOAD_REQUEST_BYTES = {URL: 50_000}
    big = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n" + b"0" * 6000)
    assert _post(client, files=[big]).status_code == 302
