"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    env["PYTHONPATH"] = str(ROOT)
    # DJANGO_ENV_FILE=/dev/null: a local .env must not fill the gaps.
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env={**env, "DJANGO_ENV_FILE": "/dev/null"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_secret_key_fails_clearly():
    result = run_check(DJANGO_DEBUG="off", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY saknas" in result.stderr


def test_debug_off_without_hosts_fails_clearly():
    result = run_check(DJANGO_DEBUG="off", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS saknas" in result.stderr


def _manage_in_production(*args):
    """manage.py with production's settings: no .env, no DJANGO_ variable of the tests."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_ENV_FILE": "/dev/null",
            "DJANGO_DEBUG": "off",
            "DJANGO_SECRET_KEY": "a-long-random-production-key-7f3k9q2m5x8v1b4n6c0z-Lp9Qw2Er5Ty8Ui",
            "DJANGO_ALLOWED_HOSTS": "forvaltningskultur.example",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage_in_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_hashes_passwords_with_pbkdf2_and_only_the_tests_use_md5():
    result = _manage_in_production(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.contrib.auth.hashers import get_hasher, make_password;"
        " print(get_hasher().algorithm, make_password('ett-langt-losenord').split('$')[:2])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pbkdf2_sha256", "['pbkdf2_sha256',", "'1000000']"]

    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"  # this test run's, from pyproject.toml
