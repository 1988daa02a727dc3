"""Shared fixtures: database selection, staff users, time travel and the browser."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import handlers as staticfiles_handlers
from django.db import connection
from django.test import testcases

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class _ServeLikeProduction:
    """The live server's static handler: pass through, so whitenoise serves the hashed,
    compressed files from STATIC_ROOT exactly as in production (Django's own handler
    only knows the unhashed source files and would answer the pages' CSS with 404)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


staticfiles_handlers.StaticFilesHandler = _ServeLikeProduction
# And uploads by the site's own media view, as on one machine in production (it answers
# byte ranges, which a film needs to start part-way), not by the live server's.
testcases._MediaFilesHandler = _ServeLikeProduction


def servers_for_nodes() -> bool:
    """Whether this run has what the `nodes` tests need: PostgreSQL and Redis."""
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "CACHE_URL", ""
    ).startswith("redis")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` or `sqlite` run only on that database, and tests marked
    `nodes` only when PostgreSQL and Redis are both named: not skipped, deselected.

    `make test` and CI run the suite once per database and the `nodes` tests with both
    servers, so each of these runs somewhere.
    """
    vendor = "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    nodes = servers_for_nodes()
    keep, drop = [], []
    for item in items:
        markers = {m.name for m in item.iter_markers()}
        wanted = markers & {"postgres", "sqlite"}
        (
            drop
            if (wanted and ("postgres" if vendor == "postgresql" else "sqlite") not in wanted)
            or ("nodes" in markers and not nodes)
            else keep
        ).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: runs only when the database is PostgreSQL")
    config.addinivalue_line("markers", "sqlite: runs only when the database is SQLite")


@pytest.fixture(scope="session", autouse=True)
def _static_manifest():
    """Templates resolve hashed static names: collect when a source file is newer."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [f for d in settings.STATICFILES_DIRS for f in Path(d).rglob("*") if f.is_file()]
    newest = max(f.stat().st_mtime for f in sources)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The database is rolled back after each test; the cache must not outlive it."""
    from django.core.cache import cache, caches

    from forvaltningskultur import pagecache

    cache.clear()
    pagecache.reset()
    yield
    cache.clear()
    pagecache.reset()
    if "redis" in caches["limits"].__class__.__module__:
        caches["limits"].clear()  # a database cache is rolled back with the test


@pytest.fixture(autouse=True)
def _no_download_counts_between_tests():
    """Downloads counted in one test are not written into the next one's database."""
    from dilemmas.downloads import tally

    tally.discard()
    yield
    tally.discard()


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, settings):
    """Query counts measure the views themselves, so the page cache is off for them."""
    settings.PAGE_CACHE = False
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, settings):
    settings.PAGE_CACHE = False
    return django_assert_max_num_queries


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="redaktor", password="ett-langt-losenord-1", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory):
    """One gunicorn in production settings for the served tests that can share it
    (tests/gunicorn.py, shared()): .url, and .tmp with its database and log. Booted the
    first time a test asks for it, stopped at the end of the run."""
    from tests.gunicorn import shared

    with shared(tmp_path_factory.mktemp("gunicorn")) as served:
        yield served


@pytest.fixture
def db_vendor():
    return connection.vendor


# --- Browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Webbläsartesterna behöver Chromium på {CHROMIUM}. "
            "Installera Debians paket: sudo apt-get install chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# WCAG 2.1 A and AA, and axe's best practices: landmarks named apart (`landmark-unique`),
# all content in a landmark (`region`), one h1 and headings in order.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# WCAG 2.4.9 (AAA), off by default: links with the same name lead to the same place. axe
# only asks a person to review a name shared by different addresses, so such a name
# fails here, as "Fler dilemman om " did when the name after "om" was missing.
SAME_NAME_SAME_PLACE = "identical-links-same-purpose"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {SAME_NAME_SAME_PLACE: {"enabled": True}},
}


@pytest.fixture
def assert_accessible():
    """Run axe-core (WCAG 2.1 A and AA, best practices, and same link name, same place)
    on the page as it is now; fail with the report."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        shared_names = [
            [
                node["html"],
                *(other["html"] for check in node["all"] for other in check["relatedNodes"]),
            ]
            for rule in results.response["incomplete"]
            if rule["id"] == SAME_NAME_SAME_PLACE
            for node in rule["nodes"]
        ]
        assert not shared_names, f"{page.url}: one link name, different places: {shared_names}"

    return check
