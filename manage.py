#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    # What the commands write (the SQLite database, backups, uploads) is the service's
    # own: owner-only, whatever umask the shell had.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forvaltningskultur.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
