"""A setting as a fresh process reads it from the environment alone (no .env)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setting_in_a_fresh_process(name: str, **env) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "forvaltningskultur.settings",
            "DJANGO_ENV_FILE": "/dev/null",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "example.se",
            **env,
        },
    )
    return result.stdout.strip()
