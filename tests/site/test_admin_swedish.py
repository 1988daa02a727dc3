"""Swedish everywhere in admin, the third-party apps included (django-axes, django-otp,
django-simple-history): every admin page an editor or a superuser reaches, read as they
read it, holds none of the common English admin texts; and the committed translations
are what the .po says."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from forvaltningskultur import roles
from tests.visible import VisibleText

LOCALE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"
ENGLISH = [
    "Choose a date",
    "Choose",
    "Access attempt",
    "Access log",
    "Access failure",
    "TOTP device",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "historical",
    "Save and",
    "Change reason",
    "Changed by",
    "Date/time",
    "Revert",
    "This object",
    "User Agent",
    "Attempt Time",
    "Failed Logins",
    "Created at",
    "Last used",
    "QR Code",
]


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase.lower() in text.lower()]


def test_the_committed_translations_match_the_po(tmp_path):
    """The .mo in the repository is what compiling the .po gives (a machine without
    msgfmt uses the committed one)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) saknas")
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    with compiled.open("rb") as fresh, (LOCALE / "django.mo").open("rb") as committed:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        committed_catalog = gettext.GNUTranslations(committed)._catalog
    assert committed_catalog == fresh_catalog
    assert fresh_catalog["access attempts"] == "inloggningsförsök"


def test_the_third_party_texts_are_translated():
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("access attempts") == "inloggningsförsök"
        assert translation.gettext("Change reason") == "Anledning till ändringen"
        assert translation.gettext("Please enter your OTP token.") == "Skriv engångskoden."


def _urls():
    """Every admin page of each registered model: list, add, change and history of
    one object."""
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        info = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        yield reverse(f"{info}_change", args=[obj.pk])
        yield reverse(f"{info}_history", args=[obj.pk])
        if isinstance(model_admin, SimpleHistoryAdmin):
            history = getattr(obj, opts.simple_history_manager_attribute)
            record = history.order_by("history_id").first()
            yield reverse(f"{info}_simple_history", args=[obj.pk, record.history_id])


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_no_english_on_any_admin_page(demo, client, django_user_model, who):
    user = django_user_model.objects.create_user(
        username=who,
        password="ett-langt-losenord-1",
        is_staff=True,
        is_superuser=who == "superuser",
        first_name="Test",
    )
    demo.objects.create(user=user, name="Telefonen", confirmed=True)
    if who == "editor":
        roles.sync_group_permissions()
        user.groups.add(Group.objects.get(name=roles.EDITOR))
    # An access attempt to list, and a history with a restore page on the history.
    from axes.models import AccessAttempt, AccessLog

    AccessAttempt.objects.create(username="nagon", ip_address="192.0.2.1", failures_since_start=2)
    AccessLog.objects.create(username="nagon", ip_address="192.0.2.1")
    client.force_login(user)
    found, seen = {}, 0
    for url in _urls():
        response = client.get(url)
        if response.status_code in (302, 403, 404):
            continue  # not this role's page
        assert response.status_code == 200, url
        seen += 1
        if left := english_in(VisibleText(response.content.decode()).text):
            found[url] = left
    assert seen > 20
    assert found == {}, "\n".join(f"{u}: {v}" for u, v in found.items())
