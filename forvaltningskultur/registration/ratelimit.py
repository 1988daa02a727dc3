"""Rate limits for sign-ups, counted in Django's cache (shared by all workers with Redis).

Per e-mail address: strict, it stops one address from being flooded with mails.
Per IP address: generous, since a whole agency can sit behind one address and twenty
colleagues may sign up minutes after a newsletter. Keys hold hashes, not addresses.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

# (attempts, seconds); override with settings.REGISTRATION_RATE_LIMITS.
DEFAULT_LIMITS = {"email": (8, 60 * 60), "ip": (120, 60 * 60)}


def _limits():
    return {**DEFAULT_LIMITS, **getattr(settings, "REGISTRATION_RATE_LIMITS", {})}


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"registration-rate:{kind}:{digest}"


def _hit(kind: str, value: str) -> bool:
    """Count one attempt; False once the limit is passed."""
    limit, window = _limits()[kind]
    key = _key(kind, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow_signup(request, email: str) -> bool:
    """Count this attempt against both limits; False when either is exceeded."""
    ip_ok = _hit("ip", client_ip(request))
    email_ok = _hit("email", email.strip().lower())
    return ip_ok and email_ok
