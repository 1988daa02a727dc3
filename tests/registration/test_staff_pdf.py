"""The attendee list for the reception: a tagged A4 PDF with a title, read back with
pypdf and pikepdf; the sign-in sheet by surname, the needs apart from it at the end."""

import io
import subprocess

import pikepdf
import pytest
from django.utils import timezone
from pypdf import PdfReader

from forvaltningskultur.registration import services
from forvaltningskultur.registration.staff import staff_url
from tests.dilemmas.test_pdf import assert_pagination_is_artifacts

pytestmark = pytest.mark.django_db

# Given names out of order, surnames with Swedish letters: Åberg after Zetterlund.
PEOPLE = [
    ("Zara Öhman", "Kammarkollegiet", "", ""),
    ("Åsa Zetterlund", "Skatteverket", "", ""),
    ("Bertil Åberg", "Statskontoret", "Hörslinga", ""),
    ("Anna Maria Andersson", "Arbetsförmedlingen", "", "Vegetarisk"),
    ("Cecilia Ek", "Domstolsverket", "", ""),
]


def _sign_up(event, people=PEOPLE):
    for i, (name, organisation, access, diet) in enumerate(people):
        data = {
            "name": name,
            "email": f"p{i}@x.se",
            "organisation": organisation,
            "accessibility_needs": access,
            "dietary_needs": diet,
        }
        services.register(event, data, send_mail=False)


def _text(reader):
    return [page.extract_text() for page in reader.pages]


def _changelist(event):
    return f"/admin/{event._meta.app_label}/{event._meta.model_name}/"


def test_attendee_pdf_by_surname_tagged_and_titled(staff_client, make_event, tmp_path):
    event = make_event(capacity=30, is_online=False)
    _sign_up(event)
    # On the waiting list or cancelled: not on the sheet.
    services.register(
        event, {"name": "Väntande Person", "email": "w@x.se", "organisation": "X"}, send_mail=False
    )
    cancelled = event.registrations.get(email="w@x.se")
    services.cancel(cancelled, send_mail=False)
    response = staff_client.get(staff_url("attendees", event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(event.starts_at).date().isoformat()
    assert "deltagarlista-" in response["Content-Disposition"]
    assert f"-{day}.pdf" in response["Content-Disposition"]

    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == f"Deltagarlista: {event.event_title()}"
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4

    first, *rest = _text(reader)
    sheet = first[first.index("Signatur eller bock") :]
    order = [sheet.index(name) for name, *_ in PEOPLE]
    names = [name for _pos, name in sorted(zip(order, [p[0] for p in PEOPLE], strict=True))]
    assert names == [
        "Anna Maria Andersson",
        "Cecilia Ek",
        "Åsa Zetterlund",
        "Bertil Åberg",
        "Zara Öhman",
    ]
    assert "Kammarkollegiet" in sheet
    assert "Väntande Person" not in "".join([first, *rest])
    # The needs are not on the sign-in sheet; they come after it, on a page of their own.
    assert "Hörslinga" not in first and "Vegetarisk" not in first
    needs = rest[-1]
    assert "Behov av anpassning och specialkost" in needs
    assert "Hörslinga" in needs and "Vegetarisk" in needs and "Bertil Åberg" in needs
    assert "Cecilia Ek" not in needs
    # Event name, date and page number on every page, as pagination artifacts.
    for number, text in enumerate([first, *rest], start=1):
        assert f"Sida {number} av {len(reader.pages)}" in text
        assert event.event_title() in text
    with pikepdf.open(io.BytesIO(response.content)) as document:
        assert_pagination_is_artifacts(document)

    path = tmp_path / "lista.pdf"
    path.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "sida")], check=True)
    assert sorted(p.name for p in tmp_path.glob("sida*.png"))


def test_a_long_list_runs_over_pages_with_the_header_on_each(staff_client, make_event):
    event = make_event(capacity=80)
    people = [(f"Person Efternamn{i:02d}", "Myndigheten", "", "") for i in range(60)]
    _sign_up(event, people)
    response = staff_client.get(staff_url("attendees", event))
    reader = PdfReader(io.BytesIO(response.content))
    texts = _text(reader)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert event.event_title() in text and f"Sida {number} av {len(texts)}" in text
        if number > 1:
            assert "Signatur eller bock" in text  # the table's head again on every page
    assert texts[-1].index("Efternamn59") > 0


def test_action_on_the_events_list_and_button_on_the_change_form(staff_client, make_event):
    event = make_event()
    _sign_up(event, PEOPLE[:2])
    response = staff_client.post(
        _changelist(event), {"action": "attendee_list_pdf", "_selected_action": [event.pk]}
    )
    assert response["Content-Type"] == "application/pdf"
    assert "Åsa Zetterlund" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    change = staff_client.get(f"{_changelist(event)}{event.pk}/change/").content.decode()
    assert f'href="{staff_url("attendees", event)}"' in change
    assert "Deltagarlista (PDF)" in change


def test_the_editor_gets_no_attendee_list(client, make_event, django_user_model):
    from django.contrib.auth.models import Group

    from forvaltningskultur import roles

    event = make_event()
    _sign_up(event, PEOPLE[:1])
    roles.sync_group_permissions()
    editor = django_user_model.objects.create_user("red", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    assert client.get(staff_url("attendees", event)).status_code == 403
    change = client.get(f"{_changelist(event)}{event.pk}/change/").content.decode()
    assert "Deltagarlista (PDF)" not in change
