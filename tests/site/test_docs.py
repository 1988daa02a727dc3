"""The README and docs/ describe this repository as it is, and point nowhere else.

A clone holds no design notes beside it and no issue tracker, so no file may send its
reader to either; and what the README names (settings, URLs, make targets, commands,
files) must exist in the code.
"""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))

SKIPPED_DIRS = {".git", ".venv", "staticfiles", "media", "node_modules", "__pycache__", "vendor"}
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".toml", ".js", ".cfg", ".ini", ".yml", ".sh"}
TEXT_NAMES = {"Makefile", "Procfile", "run"}
# A file beside the repository, or an issue a reader of a clone cannot look up.
OUTSIDE = re.compile(
    r"\.\./shared"
    r"|\b(?:DESIGN|REQUIREMENTS-SE|STYLE)\.md\b"
    r"|\bissues? (?:#|no\.? ?)?\d+"
    r"|\bthe issue(?:'s)?\b"
    r"|(?<![\w&/])#\d{1,3}\b",
    re.IGNORECASE,
)


def repository_text_files():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS for part in relative.parts):
            continue
        if any(part.startswith(".") and part != ".ci" for part in relative.parts):
            continue
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES):
            yield path


def section(text: str, heading: str) -> str:
    """The README's section whose `## ` heading starts with `heading`."""
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no section {heading!r}"
    return match.group(1)


def test_no_file_points_outside_the_repository():
    this_file = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {line.strip()[:80]!r}"
        for path in repository_text_files()
        if path.resolve() != this_file
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        for match in OUTSIDE.finditer(line)
    ]
    assert found == []


def test_readme_links_every_page_in_docs_and_every_link_resolves():
    readme = README.read_text()
    assert DOCS, "docs/ has no pages"
    for page in DOCS:
        assert f"](docs/{page.name})" in readme, f"README does not link docs/{page.name}"
    for document in [README, *DOCS]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", document.read_text()):
            if "://" in target:
                continue
            assert (document.parent / target).exists(), f"{document.name} links {target}"


def test_every_setting_read_from_the_environment_is_documented():
    """In the README's configuration table, or, for the test suite's own, docs/testing.md."""
    read = set()
    for source in (ROOT / "forvaltningskultur" / "settings.py", ROOT / "gunicorn.conf.py"):
        text = source.read_text()
        read |= set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    read |= {"DEMO_ADMIN_PASSWORD"}  # read by manage.py ensure_demo_logins
    testing = ROOT / "docs" / "testing.md"
    documented = section(README.read_text(), "Konfiguration")
    documented += testing.read_text() if testing.exists() else ""
    named = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", documented))
    assert len(read) > 30
    assert sorted(read - named) == []


def test_every_url_in_the_readme_resolves():
    table = section(README.read_text(), "Det här får du")
    paths = set(re.findall(r"`(/[^`?]*)(?:\?[^`]*)?`", table))
    paths |= set(re.findall(r"http://127\.0\.0\.1:8000(/\S*)", table))
    assert len(paths) > 20
    unresolved = []
    for path in sorted(paths):
        concrete = re.sub(r"<id>", "1", re.sub(r"<(slug|token)>", "x", path))
        try:
            resolve(concrete)
        except Resolver404:
            unresolved.append(path)
    assert unresolved == []


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda p: p.name)
def test_make_targets_and_commands_named_exist(document):
    text = document.read_text()
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    for target in set(re.findall(r"`make ([a-z][a-z-]*)`", text)):
        assert target in targets, f"{document.name} names `make {target}`"
    commands = get_commands()
    for command in set(re.findall(r"manage\.py ([a-z_]+)", text)):
        assert command in commands, f"{document.name} names `manage.py {command}`"


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda p: p.name)
def test_files_named_in_backticks_exist(document):
    """A name such as `state.py`, `pagecache/state.py` or `tests/site/test_two_nodes.py`
    is the end of the path of a file in this repository."""
    files = {"/" + str(path.relative_to(ROOT)) for path in repository_text_files()}
    names = re.findall(r"`([\w.-][\w./-]*\.(?:py|html|js|css|toml|txt))`", document.read_text())
    missing = {name for name in names if not any(f.endswith("/" + name) for f in files)}
    assert sorted(missing) == []


def test_every_pinned_package_says_why_it_is_there():
    """docs/architecture.md names each package of requirements*.txt, with its reason."""
    architecture = (ROOT / "docs" / "architecture.md").read_text().lower()
    named_here = architecture[architecture.index("## dependencies") :]
    unnamed = []
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text().splitlines():
            package = re.match(r"([A-Za-z0-9_.-]+)", line.strip())
            if package is None or line.lstrip().startswith(("#", "-")):
                continue
            name = package.group(1).lower()
            if not re.search(rf"(?<![\w-]){re.escape(name)}\b", named_here):
                unnamed.append(f"{requirements}: {package.group(1)}")
    assert unnamed == []
