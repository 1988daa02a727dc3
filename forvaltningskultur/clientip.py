"""The visitor's address: the one notion of "who is this client" for every limit.

Behind `DJANGO_PROXY_COUNT` trusted proxies, each proxy appends the address it received
the request from to `X-Forwarded-For`; the client is the entry that the outermost
trusted proxy wrote, counted from the right. Entries further left were written by the
client itself and prove nothing. With no proxies, or a header that is too short (the
request did not come through them all), the connection's own address counts.

Used by the sign-up limits and by django-axes' login lockout (AXES_CLIENT_IP_CALLABLE).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """None when the request has no address at all (django-axes then stores none: a
    made-up word would not fit PostgreSQL's inet column)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
