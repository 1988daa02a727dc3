"""Demo content for courses, loaded by `manage.py seed_demo`."""


def run(stdout):
    """Create or update this app's demo content. Safe to run repeatedly."""
