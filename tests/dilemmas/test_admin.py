"""Admin: publishing is refused without principle, theme and two questions; attachments
are checked; download counts are visible to editors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dilemmas import downloads
from dilemmas.downloads import tally
from dilemmas.models import Dilemma, Principle, Theme
from forvaltningskultur.publishing import Status

from .factories import make_dilemma

pytestmark = pytest.mark.django_db

ADD = "/admin/dilemmas/dilemma/add/"


def form_data(*, status=Status.PUBLISHED, principles=True, themes=True, questions=2, **extra):
    now = timezone.localtime()
    data = {
        "title": "Ett nytt fall",
        "slug": "ett-nytt-fall",
        "introduction": "Kort ingress.",
        "scenario": "<p>Situationen. Vad gör du?</p>",
        "leader_guide": "<p>Stöd.</p>",
        "audience": "chefer",
        "minutes": "30",
        "source": "statskontoret",
        "source_agency": "",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.sv",
        "status": status,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
    }
    if principles:
        data["principles"] = [Principle.objects.get(slug="objektivitet").pk]
    if themes:
        data["themes"] = [Theme.objects.get(slug="jav").pk]
    for prefix, count in (("questions", 3), ("rules", 1), ("attachments", 0)):
        data.update({
            f"{prefix}-TOTAL_FORMS": str(count), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
        })  # fmt: skip
        data.update({f"{prefix}-{i}-order": "0" for i in range(count)})  # as the browser sends
    for i in range(questions):
        data[f"questions-{i}-text"] = f"Fråga {i + 1}?"
        data[f"questions-{i}-order"] = str(i)
    data.update(extra)
    return data


def test_publishing_without_principle_theme_and_questions_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(principles=False, themes=False, questions=1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj minst en värdegrundsprincip för att publicera." in html
    assert "Välj minst ett tema för att publicera." in html
    assert not Dilemma.objects.exists()


def test_publishing_with_one_question_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(questions=1))
    assert response.status_code == 200
    assert "minst 2 diskussionsfrågor" in response.content.decode()
    assert not Dilemma.objects.exists()


def test_a_draft_may_be_incomplete_and_a_complete_case_is_published(admin_client):
    response = admin_client.post(ADD, form_data(status=Status.DRAFT, principles=False, questions=0))
    assert response.status_code == 302
    Dilemma.objects.all().delete()
    response = admin_client.post(ADD, form_data())
    assert response.status_code == 302
    dilemma = Dilemma.objects.get()
    assert dilemma.is_published
    assert list(dilemma.questions.values_list("text", flat=True)) == ["Fråga 1?", "Fråga 2?"]


def test_publish_action_refuses_incomplete_cases(admin_client):
    ready = make_dilemma("Klar", status=Status.DRAFT)
    bare = make_dilemma("Ofärdig", status=Status.DRAFT, themes=(), questions=("En?",))
    response = admin_client.post(
        "/admin/dilemmas/dilemma/",
        {"action": "publish_now", "_selected_action": [ready.pk, bare.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "”Ofärdig” publicerades inte: Välj minst ett tema för att publicera." in html
    ready.refresh_from_db()
    bare.refresh_from_db()
    assert ready.is_published and bare.status == Status.DRAFT


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "fall.pdf",
            b"<html><body><script>alert(1)</script></body></html>",
            "Filtypen tillåts inte",
        ),
        ("logga.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "Filtypen tillåts inte"),
    ],
    ids=["renamed-html", "svg"],
)
def test_admin_refuses_bad_attachments_with_a_message(admin_client, name, content, message):
    data = form_data(**{
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Bilaga",
        "attachments-0-order": "0",
        "attachments-0-file": SimpleUploadedFile(name, content),
    })  # fmt: skip
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dilemma.objects.exists()


def test_download_counts_are_listed_for_editors(admin_client):
    dilemma = make_dilemma("Populärt fall")
    downloads.record(dilemma=dilemma)
    downloads.record(pack_slugs=["a", "b"])
    tally.write()
    response = admin_client.get("/admin/dilemmas/downloadcount/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Populärt fall" in html and "a,b" in html
    assert timezone.localdate().strftime("%Y-%m") in html
    assert admin_client.get("/admin/dilemmas/downloadcount/add/").status_code == 403


@pytest.mark.parametrize("model", ["dilemma", "theme", "principle", "codeofethics"])
def test_admin_pages_load(admin_client, model):
    make_dilemma()
    assert admin_client.get(f"/admin/dilemmas/{model}/").status_code == 200
    if model != "principle":
        assert admin_client.get(f"/admin/dilemmas/{model}/add/").status_code == 200
