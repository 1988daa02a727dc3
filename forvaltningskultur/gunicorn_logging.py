"""gunicorn access log without secrets: registrants' links are cut from the path."""

import re

from gunicorn.glogging import Logger

SECRET_PATH = re.compile(r"^/anmalan/[^/]+")


def redact(path: str) -> str:
    return SECRET_PATH.sub("/anmalan/…", path or "")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact(atoms.get("U", ""))
        atoms["r"] = "-"  # the request line carries the query string
        return atoms
