"""Least privilege on every staff path, checked by walking the admin itself.

For each role (anonymous, Redaktör, Anmälningsansvarig, superuser) and every model in
the admin registry: the list, add, change, delete and history pages, every other URL
the model's admin adds, every action, the view-on-site shortcut, the autocomplete
endpoints, the admin's own pages, a large upload, and the public preview of a draft.
Nothing here names a model, an action or a URL: a new one is covered as it is added.

The policy is stated once, below, in the terms of the two staff roles; the code under
test is only ever asked what it does, never what it allows.
"""

import hashlib
import inspect
from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from forvaltningskultur import roles
from forvaltningskultur.apps import SITE_APPS
from forvaltningskultur.publishing import Publishable, Status
from forvaltningskultur.registration import services
from forvaltningskultur.registration.models import RegistrationBase

# What a registrant wrote; none of it may reach a role that may not see personal data.
MARKERS = {
    "name": "Pernilla Persondatasson",
    "email": "pernilla.persondatasson@example.se",
    "organisation": "Markormyndigheten",
    "accessibility_needs": "Horslinga-markor-4711",
    "dietary_needs": "Glutenfri-markor-4711",
}

# What someone who offered material wrote about themselves (material.Submission): for the
# editors, who review the material and write to its submitter; not for the registrations role.
SUBMITTER_MARKERS = {
    "submitter_name": "Sixten Inlamnarmarkor",
    "submitter_email": "sixten.inlamnarmarkor@example.se",
}

CONTENT, PERSONAL, OTHER = "innehåll", "personuppgifter", "övrigt"
SUBMITTER = "inlämnaruppgifter"
ALL = {"view", "add", "change", "delete"}
# The roles: the editor has all content and no personal data; the registrations officer
# has the registrations and may look at, never change, content.
POLICY = {
    "anonym": {},
    "redaktor": {CONTENT: ALL, SUBMITTER: ALL},
    "anmalan": {CONTENT: {"view"}, PERSONAL: ALL},
    "superuser": {CONTENT: ALL, PERSONAL: ALL, SUBMITTER: ALL, OTHER: ALL},
}
SEES_PERSONAL_DATA = {"anmalan", "superuser"}
SEES_SUBMITTER_DATA = {"redaktor", "superuser"}
CHANGES_CONTENT = {"redaktor", "superuser"}
CHANGES_PERSONAL_DATA = {"anmalan", "superuser"}

STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history"}
UPLOAD_CAP = 4000  # the public body cap, made small so that a test body can exceed it


def kind_of(model):
    if roles.holds_submitter_data(model):
        return SUBMITTER
    if roles.holds_personal_data(model):
        return PERSONAL
    if model._meta.app_label in SITE_APPS and not getattr(model, "site_machinery", False):
        return CONTENT
    return OTHER


def granted(role, model, perm):
    return perm in POLICY[role].get(kind_of(model), set())


def may_look(role, model):
    return granted(role, model, "view") or granted(role, model, "change")


def _fingerprint(kind):
    """A hash of every row of every model of this kind (historical copies included)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if kind_of(model) != kind:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


# --- the world: demo content, one marked registrant per event kind, one row per model


@pytest.fixture
def world(django_user_model):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("seed_demo", stdout=StringIO())
    roles.sync_group_permissions()
    users = {"superuser": django_user_model.objects.create_superuser("super", "s@x.se", "x")}
    for role, group in (("redaktor", roles.EDITOR), ("anmalan", roles.REGISTRATIONS)):
        user = django_user_model.objects.create_user(role, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    TOTPDevice.objects.create(user=users["superuser"], name="app")
    access = {"user_agent": "t", "ip_address": "127.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(
        **access, http_accept="*", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**access, http_accept="*")
    AccessFailureLog.objects.create(**access, http_accept="*")
    from dilemmas.models import Dilemma, DownloadCount

    DownloadCount.objects.create(
        month=timezone.localdate().replace(day=1), kind="single", dilemma=Dilemma.objects.first()
    )
    # Every registration model gets a registrant with the markers, last (so picked below).
    for model in RegistrationBase.concrete_models():
        event_model = model._meta.get_field("event").related_model
        event = event_model.objects.filter(starts_at__gt=timezone.now()).first()
        event_model.objects.filter(pk=event.pk).update(capacity=100, signup_opens_at=None)
        event.refresh_from_db()
        services.register(event, MARKERS)  # its mail stays in the outbox, with the address
    # And someone who offered material, last (so picked below), waiting for review.
    from material import services as material_services

    offer, _token = material_services.submit(
        {
            "agency": None, "agency_name": "Markörverket", "title": "Markörens material",
            "kind": "metod", "description": "x", "year": 2025, "links": ["https://a.se/"],
            "licence": "cc-by-4.0", "contact_email": "funktion@example.se", "may_share": True,
            **SUBMITTER_MARKERS,
        },
        [],
    )  # fmt: skip
    material_services.confirm(offer)
    # Each content type has a draft to preview.
    drafts = []
    for model in apps.get_models():
        if issubclass(model, Publishable) and model._default_manager.exists():
            obj = model._default_manager.order_by("pk").first()
            obj.status = Status.DRAFT
            if hasattr(obj, "follows_seminar"):  # a film: a draft of its own, not its seminar's
                obj.follows_seminar = False
            obj.save()
            drafts.append(obj)
    django_user_model.objects.create_user("extra", password="x")  # the one to delete
    return users, drafts


def sample(model):
    obj = model._default_manager.order_by("-pk").first()
    assert obj is not None, (
        f"No {model._meta.label} to try the admin with: add one to seed_demo or to the "
        "`world` fixture of this test."
    )
    return obj


def _client(client, users, role):
    if role != "anonym":
        client.force_login(users[role])
    return client


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace") + " ".join(response.headers.values())


# --- walking the admin ------------------------------------------------------------


def model_urls(model, model_admin, obj):
    """(view, url) for every URL the model's admin has; a parameter it cannot fill
    fails the test, so that a new admin URL is never silently left out."""
    opts = model._meta
    prefix = f"{opts.app_label}_{opts.model_name}_"
    history = getattr(obj, "history", None)
    latest = history.order_by("-history_id").first() if history is not None else None
    values = dict.fromkeys(("object_id", "id", "pk"), str(obj.pk))
    if latest is not None:
        values["history_id"] = values["version_id"] = str(latest.history_id)
    for pattern in model_admin.get_urls():
        if not pattern.name:
            continue  # the catch-all that redirects old change URLs
        regex = pattern.pattern.regex
        named = list(regex.groupindex)
        # Unnamed groups (re_path) are the view's positional arguments after `request`.
        params = named or list(inspect.signature(pattern.callback).parameters)[1 : 1 + regex.groups]
        missing = [p for p in params if p not in values]
        assert not missing, f"{pattern.name}: the test cannot fill {missing}"
        view = pattern.name.removeprefix(prefix)
        if named:
            url = reverse(f"admin:{pattern.name}", kwargs={p: values[p] for p in params})
        else:
            url = reverse(f"admin:{pattern.name}", args=[values[p] for p in params])
        yield view, url


def expected_status(role, allowed, superuser_status):
    if role == "anonym":
        return 302  # to the login page
    return superuser_status if allowed else 403


class Findings:
    def __init__(self, role):
        self.role = role
        self.problems = []
        self.personal_data_seen = False
        self.submitter_data_seen = False

    def check_response(self, what, response):
        body = _body(response)
        leaked = [m for m in MARKERS.values() if m in body]
        if leaked:
            self.personal_data_seen = True
            if self.role not in SEES_PERSONAL_DATA:
                self.problems.append(f"{what}: personal data {leaked}")
        leaked = [m for m in SUBMITTER_MARKERS.values() if m in body]
        if leaked:
            self.submitter_data_seen = True
            if self.role not in SEES_SUBMITTER_DATA:
                self.problems.append(f"{what}: the submitter's data {leaked}")
        if response.status_code >= 500:
            self.problems.append(f"{what}: {response.status_code}")

    def expect(self, what, response, status):
        self.check_response(what, response)
        if response.status_code != status:
            self.problems.append(f"{what}: {response.status_code}, expected {status}")

    def post_changes_nothing_forbidden(self, what, client, url, data, **extra):
        """POST inside a savepoint that is rolled back; report a change the role may
        not make (content, or registrations)."""
        with transaction.atomic():
            before = _fingerprint(CONTENT), _fingerprint(PERSONAL), _fingerprint(SUBMITTER)
            response = client.post(url, data, **extra)
            after = _fingerprint(CONTENT), _fingerprint(PERSONAL), _fingerprint(SUBMITTER)
            transaction.set_rollback(True)
        if before[0] != after[0] and self.role not in CHANGES_CONTENT:
            self.problems.append(f"{what}: changed content")
        if before[1] != after[1] and self.role not in CHANGES_PERSONAL_DATA:
            self.problems.append(f"{what}: changed registrations")
        if before[2] != after[2] and self.role not in SEES_SUBMITTER_DATA:
            self.problems.append(f"{what}: changed submissions")
        return response


def walk(client, superuser_client, role, findings):
    registry = admin.site._registry
    for model, model_admin in registry.items():
        obj = sample(model)
        label = model._meta.label
        for view, url in model_urls(model, model_admin, obj):
            base = superuser_client.get(url).status_code
            if view in STANDARD_VIEWS and view not in ("changelist", "change", "history"):
                allowed = granted(role, model, view)
            else:
                allowed = may_look(role, model)
            findings.expect(
                f"GET {label} {view}", client.get(url), expected_status(role, allowed, base)
            )
            if view in ("add", "change", "delete"):
                data = {"post": "yes"} if view == "delete" else {}
                response = findings.post_changes_nothing_forbidden(
                    f"POST {label} {view}", client, url, data
                )
                may_post = granted(role, model, view) and base == 200
                if role == "anonym":
                    findings.expect(f"POST {label} {view}", response, 302)
                elif not may_post:
                    findings.expect(f"POST {label} {view}", response, 403)
                else:
                    findings.check_response(f"POST {label} {view}", response)
        # Every action, as its own form would send it.
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = superuser_client.get(changelist).wsgi_request
        # Every row selected: whatever the action reaches through them, it reaches.
        everything = list(model._default_manager.values_list("pk", flat=True)[:200])
        for name in model_admin.get_actions(request):
            response = findings.post_changes_nothing_forbidden(
                f"action {label} {name}",
                client,
                changelist,
                {"action": name, "_selected_action": everything, "index": 0},
            )
            findings.check_response(f"action {label} {name}", response)
        # View on site: wherever the shortcut leads, followed to the end.
        content_type = ContentType.objects.get_for_model(model)
        response = client.get(
            reverse("admin:view_on_site", args=[content_type.pk, obj.pk]), follow=True
        )
        findings.check_response(f"view on site {label}", response)
        # Autocomplete for each field that has it.
        for field in model_admin.autocomplete_fields:
            query = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field,
                "term": "",
            }
            response = client.get(reverse("admin:autocomplete"), query)
            related = model._meta.get_field(field).related_model
            allowed = may_look(role, related) and may_look(role, model)
            findings.expect(
                f"autocomplete {label}.{field}", response, expected_status(role, allowed, 200)
            )
        # A body above the public cap, to the add page: taken only from someone who may
        # add there, and only where the page takes files (the model or an inline).
        if any(view == "add" for view, _url in model_urls(model, model_admin, obj)):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            takes_files = any(
                isinstance(f, models.FileField)
                for m in [model, *(i.model for i in model_admin.inlines)]
                for f in m._meta.get_fields()
            )
            may_upload = takes_files and granted(role, model, "add")
            response = findings.post_changes_nothing_forbidden(
                f"large POST {label} add",
                client,
                url,
                b"x" * (UPLOAD_CAP + 1),
                content_type="application/octet-stream",
            )
            if may_upload and response.status_code == 413:
                findings.problems.append(f"large POST {label} add: 413 for a permitted upload")
            if not may_upload and response.status_code != 413:
                findings.problems.append(f"large POST {label} add: {response.status_code}")
    # The admin's own pages.
    app_labels = {model._meta.app_label for model in registry}
    for url in [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:jsi18n"),
        *(reverse("admin:app_list", args=[label]) for label in sorted(app_labels)),
    ]:
        findings.check_response(f"GET {url}", client.get(url))
    response = client.post(
        reverse("admin:login"), b"x" * (UPLOAD_CAP + 1), content_type="multipart/form-data"
    )
    if response.status_code != 413:
        # Logged in or not, a login form is no upload form.
        findings.problems.append(f"large POST to the login page: {response.status_code}")


@pytest.mark.parametrize("role", list(POLICY))
def test_each_role_sees_and_does_only_what_it_may(client, role, world, settings):
    settings.MAX_PUBLIC_REQUEST_BYTES = UPLOAD_CAP
    users, drafts = world
    from django.test import Client

    superuser_client = Client()
    superuser_client.force_login(users["superuser"])
    client = _client(client, users, role)
    findings = Findings(role)
    walk(client, superuser_client, role, findings)
    # Drafts on the public site: only for those who may edit that kind of content (a
    # kind without a preview, such as a film, shows its drafts to nobody).
    previewed = 0
    for draft in drafts:
        response = client.get(draft.get_absolute_url())
        shown = response.status_code == 200 and str(draft) in response.content.decode()
        previewed += shown
        if shown and not granted(role, type(draft), "change"):
            findings.problems.append(f"draft {type(draft)._meta.label} shown")
    if role in CHANGES_CONTENT and not previewed:
        findings.problems.append("no draft could be previewed")
    assert not findings.problems, "\n".join(findings.problems)
    # The test can see personal data where it is: else its absence proves nothing.
    assert findings.personal_data_seen == (role in SEES_PERSONAL_DATA)
    assert findings.submitter_data_seen == (role in SEES_SUBMITTER_DATA)


def test_every_action_of_the_sites_own_admins_declares_its_permissions():
    undeclared = [
        f"{model._meta.label}.{name}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in SITE_APPS
        for name, func in (
            (a, getattr(model_admin, a) if isinstance(a, str) else a)
            for a in model_admin.actions or []
        )
        if not getattr(func, "allowed_permissions", None)
    ]
    assert not undeclared


def test_models_with_personal_data_have_no_view_on_site_link():
    for model in roles.personal_data_models():
        assert not hasattr(model, "get_absolute_url"), model
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            assert model_admin.view_on_site is False
