"""Security middleware: headers Django does not set, and caps on request bodies."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "interest-cohort",
    )
)  # fmt: skip


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def _too_large():
    return HttpResponse(
        "Begäran är för stor.", status=413, content_type="text/plain; charset=utf-8"
    )


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def public_limit(request) -> int:
    """The public cap, or the larger one of a public form that takes files
    (settings.PUBLIC_UPLOAD_REQUEST_BYTES: exact path -> bytes)."""
    uploads = getattr(settings, "PUBLIC_UPLOAD_REQUEST_BYTES", {})
    return max(settings.MAX_PUBLIC_REQUEST_BYTES, uploads.get(request.path_info, 0))


class MaxBodySizeMiddleware:
    """Refuse a request whose declared body is larger than the cap before reading it.

    First in the chain, before anyone is known: the public cap everywhere but in admin,
    where the film-sized cap is the outer bound. `StaffUploadMiddleware` narrows that to
    the staff who may upload on that page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _declared_length(request)
        if length is None:
            return HttpResponse(
                "Ogiltig längd på begäran.", status=400, content_type="text/plain; charset=utf-8"
            )
        limit = (
            settings.MAX_ADMIN_REQUEST_BYTES
            if request.path.startswith("/admin/")
            else public_limit(request)
        )
        if length > limit:
            return _too_large()
        return self.get_response(request)


class StaffUploadMiddleware:
    """A body above the public cap only from logged-in staff (two-factor included) who
    may add or change, on that admin page, a model with a file field (a seminar with its
    films, a column's image). Everyone else, the login form included, gets 413 before
    a byte of the body is read. After the authentication middleware; the body is first
    read by views (and CSRF's process_view), which run after this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (_declared_length(request) or 0) > public_limit(request) and not (may_upload(request)):
            return _too_large()
        return self.get_response(request)


def _has_file_field(model) -> bool:
    return any(isinstance(field, models.FileField) for field in model._meta.get_fields())


def may_upload(request) -> bool:
    from django.contrib import admin

    from .admin_site import may

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    name = match.url_name or ""
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if match.namespace != "admin" or not name.startswith(prefix):
            continue
        action = name.removeprefix(prefix)
        if action not in ("add", "change"):
            return False
        with_files = [model, *(inline.model for inline in model_admin.inlines)]
        return any(map(_has_file_field, with_files)) and may(request, action, model)
    return False


def bad_request(reason: str = ""):
    """A plain, static 400 page (like the 500 page: it needs no database)."""
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)


class BadInputMiddleware:
    """Refuse what no form or page can use with a Swedish 400, before a view (or the
    database, which refuses NUL in text) sees it: NUL characters and invalid UTF-8 in the
    path, the query or a form field, and a login name longer than any user's. After
    StaffUploadMiddleware, so an oversized body is refused before it is parsed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = self.problem(request)
        if reason and request.path.startswith(API_PREFIX):
            # The API's callers read JSON, its errors' shape (opendata.api, "Error").
            return JsonResponse(
                {"detail": reason, "problems": []},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        if reason:
            return bad_request(reason)
        return self.get_response(request)

    @staticmethod
    def problem(request) -> str:
        raw_query = request.META.get("QUERY_STRING", "")
        try:
            decoded = unquote_to_bytes(raw_query.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            return "Adressen innehöll tecken som inte är giltig UTF-8."
        if "\x00" in decoded or "\x00" in request.path:
            return "Adressen innehöll ett nolltecken."
        if request.method == "POST":
            try:
                fields = request.POST.lists()
            except Exception:
                return "Formuläret kunde inte läsas."
            for name, values in fields:
                if "\x00" in name or any("\x00" in value for value in values):
                    return "Formuläret innehöll ett nolltecken."
            username = request.POST.get("username", "")
            if request.path.startswith("/admin/login") and len(username) > USERNAME_MAX:
                return "Användarnamnet är för långt."
        return ""


USERNAME_MAX = 150  # django.contrib.auth's User.username
API_PREFIX = "/api/"  # forvaltningskultur.opendata.urls


# What the drivers say when the database is there but busy, or does not answer at all.
BUSY_MESSAGES = (
    "database is locked",
    "database table is locked",
    "connection failed",
    "connection refused",
    "could not connect",
    "connection timeout expired",
    "server closed the connection",
    "the connection is closed",
    "terminating connection",
)


def database_busy(error) -> bool:
    """A lock, a timeout or a database that does not answer (for now: try again), not
    a mistake in a query or a missing table."""
    text = str(error).lower()
    cause = type(error.__cause__).__name__ if error.__cause__ else ""
    return any(message in text for message in BUSY_MESSAGES) or cause in (
        "LockNotAvailable",
        "QueryCanceled",
        "ConnectionTimeout",
    )


class DatabaseBusyMiddleware:
    """A request that waited its whole timeout for a locked, slow or unreachable database
    (a migration, a storm of sign-ups, a database server restarting) gets a Swedish "try again" page, 503 with
    Retry-After; a form's fields come back in it, to be sent again with one press.
    (Views that can say more, like the sign-up, catch it themselves.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        if not isinstance(exception, OperationalError) or not database_busy(exception):
            return None
        return busy_response(request)


def busy_response(request):
    """The Swedish "try again" page (503), with a public form's fields to send again."""
    from django.template.loader import render_to_string

    fields = []
    if request.method == "POST" and not request.path.startswith("/admin/"):
        fields = [(name, value) for name, values in request.POST.lists() for value in values]
    body = render_to_string("busy.html", {"fields": fields, "action": request.path})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
