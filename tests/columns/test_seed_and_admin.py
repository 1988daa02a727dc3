"""Demo content and the editors' admin."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from columns.models import Author, Column
from forvaltningskultur.images import renditions
from forvaltningskultur.models import CouncilMember
from tests.visible import admin_picker

from .factories import make_author, make_column

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_maria_larssons_column_and_is_idempotent(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    column = Column.objects.published().get(title="Kan medborgarna lita på staten?")
    assert column.author.name == "Maria Larsson"
    assert column.author.on_council
    assert "landshövding" in column.author.role
    assert column.introduction.startswith("Kan medborgarna lita på staten?")
    assert "Exempeltext" in column.body
    others = Column.objects.published().exclude(author=column.author)
    assert others.values("author").distinct().count() >= 2
    assert Column.objects.count() == 4 and Author.objects.count() == 3

    for author in Author.objects.all():
        assert author.portrait_alt_text
        assert renditions(author.portrait, widths=(320,))  # real, renderable images
    # Maria Larsson is on the council once: as a writer, not also as a plain member.
    assert not CouncilMember.objects.filter(name="Maria Larsson").exists()
    html = client.get(reverse("pages:om")).content.decode()
    assert html.count("<strong>Maria Larsson</strong>") == 1


def test_admin_lists_columns_with_state_and_previews(staff_client):
    column = make_column(title="En krönika i admin")
    response = staff_client.get(reverse("admin:columns_column_changelist"))
    html = response.content.decode()
    assert "En krönika i admin" in html
    assert "Publicerad" in html
    assert column.get_absolute_url() in html  # the preview link

    response = staff_client.get(reverse("admin:columns_author_changelist"))
    assert column.author.name in response.content.decode()


def test_admin_add_column_form_renders(staff_client):
    response = staff_client.get(reverse("admin:columns_column_add"))
    assert response.status_code == 200
    assert 'name="language"' in response.content.decode()


def test_the_columns_writer_picker_lists_writers_by_name(admin_client):
    for name in ("Örjan Öst", "Anna Ahl", "Maria Larsson"):
        make_author(name=name)
    assert admin_picker(admin_client, "columns", "column", "author") == [
        "Anna Ahl",
        "Maria Larsson",
        "Örjan Öst",
    ]
