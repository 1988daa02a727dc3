"""The S3 switch: DJANGO_MEDIA_S3_BUCKET puts uploads in an S3-compatible store."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings; from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__module__ + '.' + type(s).__name__); "
    "print(getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'), "
    "getattr(s, 'region_name', '-'), getattr(s, 'default_acl', '-'), "
    "getattr(s, 'querystring_auth', '-'), settings.SERVE_MEDIA)"
)


def show_storage(**extra):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_MEDIA_S3", "AWS_"))},
        "DJANGO_ENV_FILE": "/dev/null",
        "DJANGO_DEBUG": "off",
        "DJANGO_SECRET_KEY": "s3-settings-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split("\n")[:2]


def test_media_goes_to_s3_when_a_bucket_is_named():
    backend, details = show_storage(
        DJANGO_MEDIA_S3_BUCKET="fk-media",
        DJANGO_MEDIA_S3_ENDPOINT_URL="https://s3.example.test",
        DJANGO_MEDIA_S3_REGION="eu-north-1",
        AWS_ACCESS_KEY_ID="test-access",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert backend == "storages.backends.s3.S3Storage"
    assert details.split() == [
        "fk-media",
        "https://s3.example.test",
        "eu-north-1",
        "private",
        "True",
        "False",  # SERVE_MEDIA: the app no longer serves /media/ itself
    ]


def test_media_stays_on_disk_without_a_bucket():
    backend, details = show_storage()
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert details.split()[-1] == "True"
