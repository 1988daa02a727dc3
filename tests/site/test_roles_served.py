"""The staff roles over HTTP, against gunicorn in production settings (debug off, HTTPS
behind a proxy, two-factor login on), as an outside auditor would try them."""

import http.client
import re
import sqlite3
import urllib.parse
from binascii import unhexlify

import pytest
from django_otp.oath import TOTP

from tests.gunicorn import fetch, running

PASSWORD = "ett-riktigt-langt-losenord"
MARKERS = ("Pernilla Persondatasson", "pernilla.persondatasson@example.se", "Horslinga-4711")
REGISTER = (
    "from seminars.models import Seminar; from django.utils import timezone;"
    "from forvaltningskultur.registration import services;"
    "s = Seminar.objects.published().filter(starts_at__gt=timezone.now()).first();"
    "Seminar.objects.filter(pk=s.pk).update(capacity=100, signup_opens_at=None);"
    "s.refresh_from_db();"
    "services.register(s, {'name': 'Pernilla Persondatasson', 'email': "
    "'pernilla.persondatasson@example.se', 'organisation': 'M', "
    "'accessibility_needs': 'Horslinga-4711'}, send_mail=False)"
)


class Staff:
    """One browser-like session: cookies by hand (they are __Host- and Secure, which
    urllib's jar would not send over the test's plain HTTP to the proxy-less server)."""

    def __init__(self, base):
        self.base = base
        self.origin = "https://" + urllib.parse.urlsplit(base).netloc
        self.cookies = {}

    def _keep(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]

    def get(self, path):
        response = fetch(self.base + path, headers=self._headers())
        self._keep(response)
        return response, response.read().decode("utf-8", "replace")

    def post(self, path, fields, headers=None):
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.token}, doseq=True)
        headers = {
            **(headers or {}),
            **self._headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        response = fetch(self.base + path, headers=headers, data=data.encode())
        self._keep(response)
        return response, response.read().decode("utf-8", "replace")

    def _headers(self):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    @property
    def token(self):
        return self.cookies.get("__Host-csrftoken", "")

    def login(self, username, otp_token="", password=PASSWORD, headers=None):
        self.get("/admin/login/")
        return self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "otp_token": otp_token},
            headers=headers,
        )


def _otp_for(db, username):
    key = db.execute(
        "SELECT d.key FROM otp_totp_totpdevice d JOIN auth_user u ON u.id = d.user_id "
        "WHERE u.username = ?",
        (username,),
    ).fetchone()[0]
    return f"{TOTP(unhexlify(key)).token():06d}"


def _selected(html):
    return re.findall(r'name="_selected_action" value="(\d+)"', html)


@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_roles_hold_over_http_in_production_settings(tmp_path):
    # A server of its own, not the shared one: two-factor login on (the shared server's
    # logins are by password alone), and a registration and a device made for this test.
    commands = (["shell", "-c", REGISTER], ["add_totp_device", "anmalan"])
    with running(tmp_path, commands=commands, DJANGO_STAFF_TWO_FACTOR="on") as base:
        db = sqlite3.connect(tmp_path / "db.sqlite3")

        # Anyone: a large body to the login page is refused before it is read.
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
        connection.putrequest("POST", "/admin/login/")
        connection.putheader("X-Forwarded-Proto", "https")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(30 * 1000 * 1000))
        connection.endheaders()
        connection.send(b"--x\r\n" + b"x" * 65536)
        assert connection.getresponse().status == 413
        connection.close()

        # Redaktör: logs in without a code (sees no personal data), gets none by any path.
        editor = Staff(base)
        response, _html = editor.login("redaktor")
        assert response.status == 302, _html
        response, html = editor.get("/admin/seminars/seminar/")
        assert response.status == 200
        seminars = _selected(html)
        assert seminars
        seen = [html]
        for path, fields in [
            ("/admin/seminars/seminar/", {"action": "export_registrations"}),
        ]:
            response, html = editor.post(path, {**fields, "_selected_action": seminars})
            seen.append(html)
        response, html = editor.get("/admin/seminars/seminarregistration/")
        assert response.status == 403
        seen.append(html)
        content_types = [row[0] for row in db.execute("SELECT id FROM django_content_type")]
        for content_type in content_types:
            for pk in (1, 2, 3):
                response, html = editor.get(f"/admin/r/{content_type}/{pk}/")
                seen.append(html + " ".join(response.headers.values()))
                location = response.headers.get("Location", "")
                if location.startswith("/anmalan/") or "/anmalan/" in location:
                    seen.append(editor.get(urllib.parse.urlsplit(location).path)[1])
        for marker in MARKERS:
            assert not any(marker in page for page in seen), marker

        # Anmälningsansvarig: must give a one-time code, then sees registrants and changes
        # no content.
        handler = Staff(base)
        response, html = handler.login("anmalan")
        assert response.status == 200  # the form again, not the admin
        assert handler.get("/admin/")[0].status == 302
        response, html = handler.login("anmalan", _otp_for(db, "anmalan"))
        assert response.status == 302, html
        response, html = handler.get("/admin/seminars/seminarregistration/")
        assert response.status == 200
        assert "Pernilla Persondatasson" in html
        states = db.execute("SELECT id, status FROM seminars_seminar ORDER BY id").fetchall()
        for action in ("publish_now", "unpublish"):
            handler.post(
                "/admin/seminars/seminar/", {"action": action, "_selected_action": seminars}
            )
        assert db.execute("SELECT id, status FROM seminars_seminar ORDER BY id").fetchall() == (
            states
        )
        draft = db.execute(
            "SELECT slug FROM seminars_seminar WHERE status = 'draft' LIMIT 1"
        ).fetchone()
        if draft:
            response, _html = handler.get(f"/seminarier/{draft[0]}/")
            assert response.status == 404

        # What the service wrote is its own.
        for name in ("db.sqlite3", "db.sqlite3-wal"):
            path = tmp_path / name
            if path.exists():
                assert path.stat().st_mode & 0o077 == 0, name
        db.close()
