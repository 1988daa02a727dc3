"""Rich text is sanitised when saved and again when shown."""

import pytest

from forvaltningskultur.models import Page
from forvaltningskultur.richtext import sanitize_html

PAYLOADS = [
    '<p>Hej</p><script>alert("x")</script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klicka</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<p onclick="alert(1)" style="color:red">text</p>',
    "<iframe src='https://evil.example'></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<p>trasig <b>markup",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.django_db
def test_dangerous_markup_never_survives_a_save(payload, staff_client):
    page = Page.objects.create(slot="om", title="Om oss", body=payload, status="published")
    page.refresh_from_db()
    stored = page.body.lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "data:",
        "<iframe",
        "<svg",
        "style=",
    ):
        assert bad not in stored
    html = staff_client.get("/om/").content.decode().lower()
    assert "alert(" not in html


def test_formatting_is_kept():
    html = '<h2>Rubrik</h2><p><strong>fet</strong> <a href="https://statskontoret.se">länk</a></p>'
    cleaned = sanitize_html(html)
    assert "<h2>Rubrik</h2>" in cleaned
    assert "<strong>fet</strong>" in cleaned
    assert 'href="https://statskontoret.se"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_plain_text_keeps_blocks_apart():
    from forvaltningskultur.richtext import plain_text

    assert (
        plain_text("<h2>Värdegrunden</h2><p>Sex principer &amp; mer</p>")
        == "Värdegrunden\nSex principer & mer"
    )


# --- The admin's editor -------------------------------------------------------------


def test_what_the_editor_writes_is_what_the_allow_list_keeps():
    from forvaltningskultur.richtext import (
        ALLOWED_ATTRIBUTES,
        ALLOWED_TAGS,
        ALLOWED_URL_SCHEMES,
        editor_allowlist,
    )

    editor = editor_allowlist()
    assert editor["tags"] <= ALLOWED_TAGS, editor["tags"] - ALLOWED_TAGS
    assert {"h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"} <= (
        editor["tags"]
    )
    assert not editor["tags"] & {"h1", "h5", "h6", "img", "span", "table", "font", "div"}
    assert editor["url_schemes"] == ALLOWED_URL_SCHEMES
    # Attributes the editor may set that the allow-list drops: the list's numbering only.
    # (`rel` is set by the sanitiser itself.)
    for tag, names in editor["attributes"].items():
        kept = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"rel"}
        assert names - kept <= {"start", "type", "data-type"}, (tag, names - kept)


def test_the_editors_list_item_paragraphs_are_stored_as_before():
    edited = "<ul><li><p>Ett</p></li><li><p>Två</p><ol><li><p>a</p></li></ol></li></ul>"
    assert sanitize_html(edited) == "<ul><li>Ett</li><li>Två<ol><li>a</li></ol></li></ul>"
    two = "<ul><li><p>Ett</p><p>Två</p></li></ul>"
    assert sanitize_html(two) == two
    assert sanitize_html("<blockquote><p>Citat</p></blockquote>") == (
        "<blockquote><p>Citat</p></blockquote>"
    )


@pytest.mark.django_db
def test_every_rich_text_field_in_admin_gets_the_editor(admin_client):
    from django.apps import apps

    from forvaltningskultur.richtext import RichTextField, RichTextWidget

    fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField)
    ]
    assert len(fields) > 5
    for model, field in fields:
        assert isinstance(field.formfield().widget, RichTextWidget), (model, field.name)
    html = admin_client.get("/admin/dilemmas/dilemma/add/").content.decode()
    assert 'data-richtext-editor="' in html
    assert 'type="module"' in html and "js/richtext-editor" in html
    assert "<script>" not in html.replace("<script></script>", "")  # nothing inline
    assert "importmap" not in html


def test_a_text_the_editor_could_not_keep_is_edited_as_html():
    from forvaltningskultur.richtext import RichTextWidget, editor_cannot_keep

    simple = '<h2>R</h2><p><a href="/om/" rel="noopener noreferrer">om</a></p><ul><li>x</li></ul>'
    assert editor_cannot_keep(simple) == []
    table = "<table><tr><th scope='col'>År</th></tr></table>"
    assert editor_cannot_keep(simple + table) == ["table", "tr", "th"]
    assert editor_cannot_keep('<p lang="en">Hello</p>') == ["p"]
    widget = RichTextWidget()
    assert "data-richtext-editor" in widget.render("body", simple, {"id": "id_body"})
    shown = widget.render("body", simple + table, {"id": "id_body"})
    assert "data-richtext-editor" not in shown
    assert "redigeras här som HTML" in shown and "table, tr, th" in shown


@pytest.mark.django_db
def test_the_link_list_offers_published_content_to_editors_only(client, django_user_model):
    from forvaltningskultur import roles
    from forvaltningskultur.publishing import Status
    from tests.dilemmas.factories import make_dilemma
    from tests.registration.staff_helpers import role_user

    published = make_dilemma("Ett publicerat dilemma")
    make_dilemma("Ett hemligt utkast", status=Status.DRAFT)
    assert client.get("/admin/redigeraren/lankar/").status_code == 302  # to the login
    client.force_login(role_user(django_user_model, roles.REGISTRATIONS, "anmalan"))
    assert client.get("/admin/redigeraren/lankar/").status_code == 403
    client.force_login(role_user(django_user_model, roles.EDITOR, "redaktor"))
    response = client.get("/admin/redigeraren/lankar/")
    assert response.status_code == 200
    links = response.json()["links"]
    assert {
        "title": "Ett publicerat dilemma",
        "url": published.get_absolute_url(),
        "kind": "Dilemma",
    } in links
    assert not [link for link in links if "utkast" in link["title"]]
