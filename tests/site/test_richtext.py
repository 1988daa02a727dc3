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
