"""Review in admin: the queue, a question, publishing, declining; who sees the
submitter; files of unpublished material never public (by URL guess either)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from forvaltningskultur import roles
from material import services
from material.dashboard import incoming_panel
from material.models import Material, SubmissionEvent, SubmissionStatus

from .factories import form_data, make_editor, pdf_upload

pytestmark = pytest.mark.django_db


def _submitted(confirm=True, **changes):
    data = form_data(**changes)
    data.update(agency=None, year=2025, links=[], themes=[], may_share=True)
    submission, _token = services.submit(data, [pdf_upload()])
    if confirm:
        services.confirm(submission)
    submission.refresh_from_db()
    return submission


def _change_url(submission):
    return reverse("admin:material_incomingsubmission_change", args=[submission.pk])


def _post_change(client, submission, button, message):
    page = client.get(_change_url(submission))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "themes"}
    data.update({button: "1", "message": message})
    data.update({"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    for key in [k for k, v in data.items() if v in (None, False)]:
        data.pop(key)
    return client.post(_change_url(submission), data)


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(make_editor(django_user_model))
    return client


def test_the_queue_holds_confirmed_submissions_only(editor_client):
    waiting = _submitted(title="Bekräftat bidrag")
    _submitted(confirm=False, title="Obekräftat bidrag", submitter_email="x@y.se")
    text = editor_client.get(
        reverse("admin:material_incomingsubmission_changelist")
    ).content.decode()
    assert "Bekräftat bidrag" in text and "Obekräftat bidrag" not in text
    assert waiting.status == SubmissionStatus.PENDING


def test_dashboard_panel_counts_the_queue(rf, django_user_model):
    _submitted(title="Ett")
    _submitted(title="Två", submitter_email="b@a.se")
    request = rf.get("/admin/")
    request.user = make_editor(django_user_model)
    panel = incoming_panel(request)
    assert panel["count"] == 2
    assert [item["title"] for item in panel["items"]] == ["Ett", "Två"]
    assert panel["items"][0]["url"].startswith("/admin/material/incomingsubmission/")
    request.user = make_editor(django_user_model, "anmalan", roles.REGISTRATIONS)
    assert incoming_panel(request) is None


def test_ask_a_question_mails_and_logs(editor_client, mailoutbox):
    submission = _submitted()
    response = _post_change(editor_client, submission, "_fraga", "Får vi ändra titeln?")
    assert response.status_code == 302
    mail = mailoutbox[-1]
    assert mail.to == ["stina.inlamnarsson@exempelverket.se"]
    assert "Får vi ändra titeln?" in mail.body
    event = SubmissionEvent.objects.filter(action="fraga").get()
    assert event.message == "Får vi ändra titeln?" and event.user.username == "redaktor"


def test_a_question_needs_its_text(editor_client, mailoutbox):
    submission = _submitted()
    before = len(mailoutbox)
    response = _post_change(editor_client, submission, "_fraga", "")
    assert response.status_code == 200
    assert "Skriv frågan till inlämnaren." in response.content.decode()
    assert len(mailoutbox) == before


def test_publish_makes_a_public_item_with_its_file(editor_client, client, mailoutbox):
    submission = _submitted()
    _post_change(editor_client, submission, "_publicera", "Tack, nu finns det ute!")
    material = Material.objects.get()
    assert material.is_published and material.agency.name == "Exempelverket"
    assert material.reviewed_at is not None
    mail = mailoutbox[-1]
    assert "är publicerat" in mail.subject and "Tack, nu finns det ute!" in mail.body
    assert f"http://testserver{material.get_absolute_url()}" in mail.body
    client.logout()
    page = client.get(material.get_absolute_url()).content.decode()
    assert "Inlämnat av Exempelverket, granskat av Statskontoret" in page
    resource = material.resources.get()
    download = client.get(resource.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    _close_file(download)


def test_decline_needs_a_reason_and_mails_it(editor_client, mailoutbox):
    submission = _submitted()
    assert (
        "Skriv varför bidraget avböjs"
        in _post_change(editor_client, submission, "_avbojd", "").content.decode()
    )
    _post_change(editor_client, submission, "_avbojd", "Materialet handlar inte om värdegrunden.")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DECLINED and submission.decided_at
    assert "Materialet handlar inte om värdegrunden." in mailoutbox[-1].body
    assert not Material.objects.exists()


def test_only_editors_see_the_submitter(client, django_user_model):
    submission = _submitted()
    client.force_login(make_editor(django_user_model, "anmalan", roles.REGISTRATIONS))
    for name in ("incomingsubmission", "submission"):
        url = reverse(f"admin:material_{name}_change", args=[submission.pk])
        assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("admin:material_submission_changelist")).status_code == 403
    client.force_login(make_editor(django_user_model, "redaktor2"))
    text = client.get(_change_url(submission)).content.decode()
    assert "stina.inlamnarsson@exempelverket.se" in text


def _close_file(response):
    """The streamed file, closed; not response.close(), which ends the test's connection."""
    for closer in response._resource_closers:
        if getattr(closer, "__self__", None) is not None and hasattr(closer.__self__, "read"):
            closer()


def _fetch(client, url) -> int:
    """The status of a GET, with any streamed file read and closed."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
        _close_file(response)
    return response.status_code


def _stored_name(submission):
    return submission.files.get().file.name


def test_an_unpublished_file_is_not_served_by_any_address(client, django_user_model):
    submission = _submitted()
    name = _stored_name(submission)
    # Not in MEDIA_ROOT at all: the public media view has nothing to find.
    assert _fetch(client, f"/media/{name}") == 404
    assert _fetch(client, f"/media/../{name}") in (400, 404)
    private = reverse("submit:private_file", kwargs={"name": name})
    assert _fetch(client, private) == 404
    # Published, but the item a draft again: the item's file is gone for the public too.
    material = services.publish(submission)
    resource = material.resources.get()
    assert _fetch(client, resource.get_absolute_url()) == 200
    Material.objects.filter(pk=material.pk).update(status="draft")
    assert _fetch(client, resource.get_absolute_url()) == 404
    assert _fetch(client, material.get_absolute_url()) == 404
    # A guessed number under another item's address: no.
    other = Material.objects.create(
        agency=material.agency, title="Annat", slug="annat", kind="metod", description="x",
        year=2025, contact_email="a@b.se", status="published",
    )  # fmt: skip
    guess = reverse("material:file", kwargs={"slug": other.slug, "pk": resource.pk})
    assert _fetch(client, guess) == 404
    # The editor reviewing it may fetch it.
    client.force_login(make_editor(django_user_model))
    assert _fetch(client, private) == 200
    assert _fetch(client, resource.get_absolute_url()) == 200  # preview


def test_the_files_are_outside_media_root():
    submission = _submitted()
    path = submission.files.get().file.path
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
    assert path.startswith(f"{settings.MEDIA_ROOT}-privat/")


def test_mails_read_as_a_person_would(mailoutbox, capsys):
    """Prints the four mails (pytest -s shows them) and checks what each must say."""
    submission = _submitted(confirm=False)
    services.confirm(submission)
    services.ask(submission, "Kan ni skicka en tillgänglig version av PDF:en?")
    services.decline(submission, "Vi har redan liknande material från er.")
    other = _submitted(title="Samtalskort", submitter_email="b@exempelverket.se")
    services.publish(other, "Tack för bidraget!")
    for mail in mailoutbox:
        print(f"\n--- Till: {mail.to[0]}\nÄmne: {mail.subject}\n\n{mail.body}")
        assert "{" not in mail.body and "&quot;" not in mail.body and "&#x27;" not in mail.body
    subjects = [m.subject for m in mailoutbox]
    assert subjects[0] == "Bekräfta att du vill dela ”Vår samtalsmodell”"
    assert "Inkommet bidrag att granska: Vår samtalsmodell" in subjects
    assert re.search("En fråga om ”Vår samtalsmodell”", " ".join(subjects))
    assert "”Samtalskort” är publicerat" in subjects
    to_submitter = [m for m in mailoutbox if m.to[0].endswith("@exempelverket.se")]
    assert all(
        m.extra_headers["Reply-To"] == "forvaltningskultur@statskontoret.se" for m in to_submitter
    )
    assert "skriv till forvaltningskultur@statskontoret.se." in mailoutbox[2].body


def test_the_admin_index_shows_the_queue_to_editors_only(client, django_user_model):
    from tests.visible import VisibleText

    _submitted(title="Samtalsguide om gåvor", submitter_email="a@a.se")
    client.force_login(make_editor(django_user_model))
    text = VisibleText(client.get("/admin/").content.decode()).text
    assert "Inkomna bidrag" in text and "Samtalsguide om gåvor" in text
    client.force_login(make_editor(django_user_model, "anmalan", roles.REGISTRATIONS))
    text = VisibleText(client.get("/admin/").content.decode()).text
    assert "Inkomna bidrag" not in text and "Samtalsguide om gåvor" not in text
