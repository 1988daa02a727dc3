"""Sign-ups and logins behind a TLS proxy, against gunicorn with two workers in
production settings: each visitor is known by the address the proxy saw."""

import re
import time

import pytest

from tests.site.test_roles_served import Staff

# Both against the shared server (tests/gunicorn.py, shared()): behind one proxy, two
# workers, its seminars open for a thousand sign-ups. Each visitor has an address of its
# own, so the limits one test runs into are not another's.


def _form(visitor, path):
    _response, html = visitor.get(path)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert "anmalan_for" in fields, "no sign-up form on " + path
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def _sign_up(visitor, path, form, i, address):
    data = {**form, "name": f"Person {i}", "email": f"p{i}@myndighet.se", "organisation": "M"}
    response, _html = visitor.post(path, data, headers={"X-Forwarded-For": address})
    return response.status


@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_many_clients_behind_one_proxy_and_one_client_flooding(shared_server):
    base = shared_server.url
    visitor = Staff(base)
    _response, listing = visitor.get("/seminarier/")
    path = next(
        p
        for p in re.findall(r'href="(/seminarier/[a-z0-9-]+/)"', listing)
        if p != "/seminarier/arkiv/"
    )
    form = _form(visitor, path)
    time.sleep(3.2)  # as long as a person takes to fill the form in
    spread = [
        _sign_up(visitor, path, form, i, f"198.51.{i // 200}.{i % 200 + 1}") for i in range(200)
    ]
    assert spread.count(302) == 200, sorted(set(spread))
    flood = [_sign_up(visitor, path, form, 1000 + i, "203.0.113.9") for i in range(200)]
    assert 429 in flood
    assert flood[:50].count(302) == 50  # fifty colleagues behind one address get in


@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_a_lockout_is_for_the_address_that_guessed_not_for_the_user(shared_server):
    base = shared_server.url
    guesser = {"X-Forwarded-For": "203.0.113.66"}
    attacker = Staff(base)
    statuses = [
        attacker.login("redaktor", password="fel-losenord-1234", headers=guesser)[0].status
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response, html = attacker.login("redaktor", headers=guesser)
    assert response.status == 429  # locked out, even with the right password
    assert "Inloggningen är spärrad" in html
    editor = Staff(base)
    response, _html = editor.login("redaktor", headers={"X-Forwarded-For": "198.51.100.20"})
    assert response.status == 302
