"""The admin as staff use it, in a real browser: no list or form of the project's models
scrolls sideways at 1280 or 1440 px, and axe-core finds nothing on the change form of any
content type. The models come from the admin's registry: a new one is checked as it is
registered."""

import contextlib
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from forvaltningskultur.apps import SITE_APPS
from forvaltningskultur.registration import services
from tests.registration.staff_helpers import logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)
SIDEWAYS_JS = "[document.documentElement.scrollWidth, window.innerWidth]"
# At 1440 px a list's last column is on screen (the seminar list's were cut off there); at
# 1280 px it may be reached by scrolling the table in its own box.
CLIPPED_JS = """(strict) => {
  const table = document.getElementById('result_list');
  if (!table) return false;
  const last = table.querySelector('thead th:last-child').getBoundingClientRect();
  const box = table.closest('.results');
  const scrolls = box && getComputedStyle(box).overflowX === 'auto' && box.scrollWidth > box.clientWidth;
  return last.right > window.innerWidth && (strict || !scrolls);
}"""


@pytest.fixture
def demo(django_user_model):
    """The demo site (seed_demo) with registrations, a long organisation name and a long
    title, as the lists hold them in real use; and a superuser."""
    from dilemmas.models import Dilemma
    from seminars.models import Seminar

    call_command("seed_demo", stdout=StringIO())
    seminar = Seminar.objects.published().order_by("starts_at").last()
    Seminar.objects.filter(pk=seminar.pk).update(capacity=2, signup_opens_at=None)
    seminar.refresh_from_db()
    for i in range(3):
        services.register(
            seminar,
            {"name": f"Anna Andersdotter-Lindqvist {i}", "email": f"anna.andersdotter{i}@example.se",
             "organisation": "Myndigheten för samhällsskydd och beredskap, enheten för analys"},
            send_mail=False,
        )  # fmt: skip
    from dilemmas.models import DownloadCount
    from forvaltningskultur.models import OutgoingMail

    OutgoingMail.objects.create(recipient="anna.andersdotter0@example.se", subject="Bekräftelse",
                                status=OutgoingMail.Status.FAILED, attempts=5, last_error="550")  # fmt: skip
    from courses.models import CourseOccasion

    occasion = CourseOccasion.objects.upcoming().order_by("starts_at").first()
    services.register(occasion, {"name": "Bo Ek", "email": "bo@example.se", "organisation": "Kammarkollegiet"}, send_mail=False)  # fmt: skip
    case = Dilemma.objects.order_by("pk").first()
    DownloadCount.objects.create(month=case.publish_at.date().replace(day=1), kind="dilemma",
                                 dilemma=case, count=12)  # fmt: skip
    Dilemma.objects.filter(pk=case.pk).update(
        title="När en kollega på samma enhet ber om hjälp med ett ärende som rör en nära vän"
    )
    return django_user_model.objects.create_superuser(
        "chef", "chef@example.se", "ett-langt-losenord-1"
    )


def project_models():
    return sorted(
        (m for m in admin.site._registry if m._meta.app_label in SITE_APPS),
        key=lambda m: (m._meta.app_label, m._meta.model_name),
    )


def admin_urls(model, *, lists=True):
    """The model's list, its add form and the change form of one of its rows."""
    opts, urls = model._meta, []
    name = f"admin:{opts.app_label}_{opts.model_name}"
    if lists:
        urls.append(reverse(f"{name}_changelist"))
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{name}_add"))
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"{name}_change", args=[first.pk]))
    return urls


def test_no_admin_list_or_form_scrolls_sideways(browser, live_server, demo):
    paths = [path for model in project_models() for path in admin_urls(model)]
    assert len(paths) > 40, paths  # every list, add and change form, not a handful
    failures = []
    for width in WIDTHS:
        context = logged_in_context(
            browser, live_server, demo, viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        for path in paths:
            response = page.goto(path)
            if response.status == 403:  # an add form the model does not allow
                continue
            assert response.status == 200, path
            scroll_width, inner_width = page.evaluate(SIDEWAYS_JS)
            if scroll_width > inner_width:
                failures.append(f"{width} px: {path} is {scroll_width} px wide")
            if page.evaluate(CLIPPED_JS, width >= 1440):
                failures.append(f"{width} px: {path} cuts its list's last columns off")
        context.close()
    assert not failures, "\n".join(failures)


def test_the_index_and_the_seminar_list_show_everything_at_1440(browser, live_server, demo):
    """What the editor saw clipped: the seminar list's columns and the dashboard."""
    context = logged_in_context(browser, live_server, demo, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto("/admin/seminars/seminar/")
    table = page.get_by_role("table")
    for header in ("Rubrik", "Tid", "Läge", "Anmälda", "Förhandsgranska"):
        cell = table.get_by_role("columnheader", name=header)
        box = cell.bounding_box()
        assert box and box["x"] + box["width"] <= 1440, header
        assert cell.is_visible()
    assert page.get_by_role("cell", name="2 / 2, 1 i kö").is_visible()
    page.goto("/admin/")
    assert page.get_by_role("link", name="Startsidan").is_visible()
    assert page.get_by_role("link", name="Lägg till seminarium").first.is_visible()
    context.close()


def test_every_change_form_passes_axe(browser, live_server, demo, assert_accessible):
    failures = []
    context = logged_in_context(browser, live_server, demo, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    checked = 0
    for model in project_models():
        # The change form of a row; the add form where the demo has none.
        for path in admin_urls(model, lists=False) or admin_urls(model)[1:]:
            response = page.goto(path)
            assert response.status == 200, path
            checked += 1
            try:
                assert_accessible(page)
            except AssertionError as failure:
                failures.append(str(failure))
    # The index with every panel of the dashboard, as the superuser sees it.
    page.goto("/admin/")
    try:
        assert_accessible(page)
    except AssertionError as failure:
        failures.append(str(failure))
    context.close()
    assert checked == len(project_models()), checked
    assert not failures, "\n\n".join(failures)


def test_a_refused_form_lists_every_error_at_the_top(browser, live_server, demo):
    context = logged_in_context(browser, live_server, demo, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/admin/dilemmas/dilemma/add/")
    page.get_by_label("Rubrik").fill("Ett fall utan frågor")
    page.get_by_role("button", name="Publicera", exact=True).click()
    summary = page.get_by_role("alert", name="Formuläret har")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < 400  # at the top, not 4 000 px down
    link = summary.get_by_role("link", name="Diskussionsfrågor: Skriv minst 2 diskussionsfrågor")
    link.click()
    assert page.url.endswith("#questions-group")
    assert page.locator("#questions-group").is_visible()
    assert summary.get_by_role("link", name="Ingress: Detta fält måste fyllas i.").is_visible()
    context.close()
