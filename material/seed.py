"""seed_demo calls `<app>.seed.run` for every content app: the demo is in demo.py."""

from .demo import run

__all__ = ["run"]
