"""Security middleware: headers Django does not set, and a cap on request bodies."""

from django.conf import settings
from django.http import HttpResponse

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


class MaxBodySizeMiddleware:
    """Refuse a request whose declared body is larger than the cap before reading it.

    Public forms need little; staff uploading films in admin get the larger cap.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                "Ogiltig längd på begäran.", status=400, content_type="text/plain; charset=utf-8"
            )
        limit = (
            settings.MAX_ADMIN_REQUEST_BYTES
            if request.path.startswith("/admin/")
            else settings.MAX_PUBLIC_REQUEST_BYTES
        )
        if length > limit:
            return HttpResponse(
                "Begäran är för stor.", status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
