"""Files only the service can read, staff sessions that end, two-factor login for the
roles that see personal data."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from forvaltningskultur import roles
from tests.fresh import setting_in_a_fresh_process

ROOT = Path(settings.BASE_DIR)
PASSWORD = "ett-langt-losenord-1"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _under_loose_umask(command, **env):
    """Run a shell command as a careless operator would: umask 022."""
    full_env = {**os.environ, **env}
    return subprocess.run(
        ["bash", "-c", f"umask 022; {command}"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def test_make_writes_an_owner_only_env_with_two_factor_off_for_local_runs(tmp_path):
    _under_loose_umask(f"make -s -f {ROOT / 'Makefile'} -C {tmp_path} .env")
    env_file = tmp_path / ".env"
    assert _mode(env_file) == 0o600
    assert "DJANGO_STAFF_TWO_FACTOR=off" in env_file.read_text().splitlines()


def test_manage_py_creates_the_database_owner_only(tmp_path):
    database = tmp_path / "db.sqlite3"
    _under_loose_umask(
        f"{sys.executable} manage.py migrate --noinput",
        DJANGO_ENV_FILE="/dev/null",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert _mode(database) == 0o600


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_owner_only_whatever_the_umask(tmp_path):
    (Path(settings.MEDIA_ROOT) / "prov").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "prov" / "fil.txt").write_text("x")
    old = os.umask(0o022)
    try:
        call_command("backup", str(tmp_path), stdout=StringIO())
    finally:
        os.umask(old)
    (folder,) = tmp_path.iterdir()
    assert _mode(folder) == 0o700
    paths = list(folder.rglob("*"))
    assert any(p.name == "fil.txt" for p in paths)
    for path in paths:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_uploaded_files_are_owner_only():
    name = default_storage.save("prov/uppladdad.txt", ContentFile(b"x"))
    try:
        assert _mode(Path(default_storage.path(name))) == 0o600
    finally:
        default_storage.delete(name)


def test_gunicorn_and_manage_py_set_an_owner_only_umask():
    # What make run starts: the database, its WAL and uploads are written by these.
    assert "os.umask(0o077)" in (ROOT / "gunicorn.conf.py").read_text()
    assert "os.umask(0o077)" in (ROOT / "manage.py").read_text()


# --- sessions -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_staff_session_ends_with_the_browser_and_after_eight_hours(client, django_user_model):
    django_user_model.objects.create_user("red", password=PASSWORD, is_staff=True)
    response = client.post("/admin/login/", {"username": "red", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600


def test_two_factor_is_on_by_default_in_production_and_off_in_debug():
    assert setting_in_a_fresh_process("STAFF_TWO_FACTOR", DJANGO_DEBUG="off") == "True"
    assert setting_in_a_fresh_process("STAFF_TWO_FACTOR", DJANGO_DEBUG="on") == "False"


# --- two-factor login -----------------------------------------------------------


def _user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, **extra
    )
    if group:
        roles.sync_group_permissions()
        user.groups.add(Group.objects.get(name=group))
    return user


def _login(client, username, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_token": token},
    )


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR=True)
def test_the_registrations_role_cannot_log_in_without_an_authenticator(client, django_user_model):
    _user(django_user_model, "anm", roles.REGISTRATIONS)
    response = _login(client, "anm")
    assert response.status_code == 200
    assert "Ditt konto kan se personuppgifter och måste därför logga in med en engångskod" in (
        response.content.decode()
    )
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR=True)
def test_with_an_authenticator_the_code_is_asked_for_and_checked(client, django_user_model):
    user = _user(django_user_model, "anm", roles.REGISTRATIONS)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = _login(client, "anm")
    assert "Skriv engångskoden från din autentiseringsapp." in response.content.decode()
    wrong = (TOTP(device.bin_key).token() + 1) % 1_000_000
    response = _login(client, "anm", f"{wrong:06d}")
    assert "Engångskoden stämmer inte." in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = _login(client, "anm", f"{TOTP(device.bin_key).token():06d}")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR=True)
def test_an_editor_without_an_authenticator_logs_in_with_the_password(client, django_user_model):
    _user(django_user_model, "red", roles.EDITOR)
    assert _login(client, "red").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_add_totp_device_prints_the_link_for_the_app(django_user_model, db):
    import io

    _user(django_user_model, "anm")
    out = io.StringIO()
    call_command("add_totp_device", "anm", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert TOTPDevice.objects.get().user.username == "anm"


@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_in_with_a_code_in_the_browser(page, live_server, django_user_model):
    user = _user(django_user_model, "anm", roles.REGISTRATIONS)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with override_settings(STAFF_TWO_FACTOR=True):
        page.goto("/admin/login/")
        page.get_by_label("Användarnamn").fill("anm")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_label("Engångskod från din autentiseringsapp").fill(
            f"{TOTP(device.bin_key).token():06d}"
        )
        page.get_by_role("button", name="Logga in").click()
        assert page.get_by_role("heading", name="Innehåll och anmälningar").is_visible()
