"""Staff users of each role, and a browser logged in as one of them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from forvaltningskultur import roles


def role_user(django_user_model, role, username=None):
    """A staff user in the Anmälningsansvarig (`roles.REGISTRATIONS`) or Redaktör group."""
    roles.sync_group_permissions()
    user = django_user_model.objects.create_user(
        username or role.lower(), password="ett-langt-losenord-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def logged_in_context(browser, live_server, user, **options):
    """A browser context with the user's admin session, as after logging in."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", **options)
    context.set_default_timeout(10_000)
    host = live_server.url.split("//")[1].split(":")[0]
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "domain": host, "path": "/",
          "secure": True, "httpOnly": True}]
    )  # fmt: skip
    return context


def visible_text(response) -> str:
    from tests.visible import VisibleText

    assert response.status_code == 200, response.status_code
    return VisibleText(response.content.decode()).text
