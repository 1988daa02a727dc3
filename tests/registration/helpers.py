"""Helpers shared by the tests of the apps that use the registration engine."""

import re

from forvaltningskultur.registration import services


def sign_up(event, n, start=0):
    """Register people `start` … `start + n - 1` for the event without mail; return them."""
    return [
        services.register(
            event,
            {"name": f"Person {i}", "email": f"p{i}@x.se", "organisation": "Myndigheten"},
            send_mail=False,
        ).registration
        for i in range(start, start + n)
    ]


def link_from(message):
    """The registrant's own page, as a path, from a mail the engine sent."""
    return re.search(r"http://testserver(/anmalan/[^/\s]+/)", message.body).group(1)
