"""The widgets in a real browser, inside an iframe on a page of another origin (a page
at another host, made up by Playwright): they show, pass axe-core, set no cookie."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_seminar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@contextmanager
def intranet(html: str):
    """A second server, at 127.0.0.1 (another host than the live server's localhost, so
    another origin and another site), that answers every GET with `html`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/intranat/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "path, heading, item",
    [
        ("/widget/seminarier/", "Kommande seminarier", "Seminariet om tillit"),
        ("/widget/dilemman/", "Nya dilemman", "Jävet i upphandlingen"),
    ],
)
def test_the_widget_in_an_iframe_elsewhere_is_accessible_and_sets_no_cookie(
    page, live_server, assert_accessible, path, heading, item
):
    make_seminar(title="Seminariet om tillit")
    make_dilemma("Jävet i upphandlingen")
    host = (
        '<!DOCTYPE html><html lang="sv"><head><title>Intranätet</title></head><body><main>'
        f'<h1>Intranätet</h1><iframe src="{live_server.url}{path}" title="{heading}" '
        'width="360" height="420"></iframe></main></body></html>'
    )
    with intranet(host) as other:
        assert other.split("/")[2] != live_server.url.split("/")[2]
        page.goto(other)
        check_widget(page, path, heading, item, assert_accessible)


def check_widget(page, path, heading, item, assert_accessible):
    frame = page.frame_locator(f'iframe[title="{heading}"]')
    expect(frame.get_by_role("heading", name=heading)).to_be_visible()
    expect(frame.get_by_role("link", name=item)).to_be_visible()
    inner = next(f for f in page.frames if f.url.endswith(path))
    assert page.evaluate("location.origin") != inner.evaluate("location.origin")
    assert_accessible(inner)
    assert page.context.cookies() == []
