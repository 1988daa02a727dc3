"""Rate limits for sign-ups, counted in the shared "limits" cache (Redis, or the
database: settings.py), so every worker and node counts the same visitor together.

Per e-mail address: strict, it stops one address from being flooded with mails.
Per client address (clientip.py: behind the proxy, the visitor's own): generous, since a
whole agency can sit behind one address and fifty colleagues may sign up within minutes
of a newsletter. Keys hold hashes, not addresses.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from forvaltningskultur.clientip import client_ip

# (attempts, seconds); override with settings.REGISTRATION_RATE_LIMITS.
DEFAULT_LIMITS = {"email": (8, 60 * 60), "ip": (100, 60 * 60)}


def _limits():
    return {**DEFAULT_LIMITS, **getattr(settings, "REGISTRATION_RATE_LIMITS", {})}


def _key(kind: str, value: str, scope: str = "registration") -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"{scope}-rate:{kind}:{digest}"


def _hit(kind: str, value: str, limits=None, scope: str = "registration") -> bool:
    """Count one attempt; False once the limit is passed."""
    limit, window = (limits or _limits())[kind]
    key = _key(kind, value, scope)
    cache = caches["limits"]
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow_signup(request, email: str) -> bool:
    """Count this attempt against both limits; False when either is exceeded."""
    ip_ok = _hit("ip", client_ip(request) or "unknown")
    email_ok = _hit("email", email.strip().lower())
    return ip_ok and email_ok


# Offers of material (material/): fewer than sign-ups, each one is read by an editor.
# Override with settings.MATERIAL_RATE_LIMITS.
MATERIAL_LIMITS = {"email": (5, 60 * 60), "ip": (20, 60 * 60)}


def allow_material(request, email: str) -> bool:
    """As allow_signup, counted apart, for the form that offers material."""
    limits = {**MATERIAL_LIMITS, **getattr(settings, "MATERIAL_RATE_LIMITS", {})}
    ip_ok = _hit("ip", client_ip(request) or "unknown", limits, "material")
    email_ok = _hit("email", email.strip().lower(), limits, "material")
    return ip_ok and email_ok
