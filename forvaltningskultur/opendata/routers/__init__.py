"""One module per content type, each with a `router`; api.py mounts them (one line each)."""
