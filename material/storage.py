"""Where shared material's files are kept: outside MEDIA_ROOT, so nothing serves them
but `views.resource_file` (published material) and `views.private_file` (staff).
A guessed /media/ address finds nothing: the files are not there."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> str:
    """settings.MATERIAL_FILES_ROOT, or a folder beside MEDIA_ROOT ("<media>-privat")."""
    root = getattr(settings, "MATERIAL_FILES_ROOT", "") or f"{settings.MEDIA_ROOT}-privat"
    return os.fspath(root)


class PrivateStorage(FileSystemStorage):
    """Read the root from the settings on every use (tests move MEDIA_ROOT). No URL:
    the files have no public address."""

    def __init__(self):
        super().__init__(base_url="/")

    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        """The staff's address (admin's file widgets link to it); views.private_file
        lets only those who may see the file have it."""
        from django.urls import reverse

        return reverse("submit:private_file", kwargs={"name": name})


private_storage = PrivateStorage()


def get_private_storage():
    """For FileField(storage=...): migrations name this function, not a path."""
    return private_storage
