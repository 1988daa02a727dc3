"""Small builders for dilemma tests: real rows in the real database."""

import datetime as dt
import itertools
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from dilemmas.models import Dilemma, Principle, Question, Rule, Theme
from forvaltningskultur.publishing import Status

_counter = itertools.count(1)


def ensure_taxonomy():
    """Transactional (browser) tests flush the database, data migrations included;
    put the six principles and the themes back the way the migration made them."""
    if not Principle.objects.exists():
        import_module("dilemmas.migrations.0002_principles_and_themes").create(apps, None)


def make_dilemma(
    title=None,
    *,
    themes=("jav",),
    principles=("objektivitet",),
    questions=("Vad är problematiskt?", "Hur skulle du agera?"),
    audience="chefer",
    minutes=30,
    status=Status.PUBLISHED,
    days_ago=1,
    guide="<p>Fakta om jäv och var gränsen går.</p>",
    **fields,
):
    ensure_taxonomy()
    n = next(_counter)
    title = title or f"Dilemma nummer {n}"
    dilemma = Dilemma.objects.create(
        title=title,
        slug=fields.pop("slug", f"dilemma-{n}"),
        introduction=fields.pop("introduction", f"Ingress till {title}."),
        scenario=fields.pop("scenario", f"<p>Situationen i {title}. Vad gör du?</p>"),
        leader_guide=guide,
        audience=audience,
        minutes=minutes,
        status=status,
        publish_at=timezone.now() - dt.timedelta(days=days_ago),
        **fields,
    )
    dilemma.themes.set(Theme.objects.filter(slug__in=themes))
    dilemma.principles.set(Principle.objects.filter(slug__in=principles))
    Question.objects.bulk_create(
        Question(dilemma=dilemma, text=text, order=i) for i, text in enumerate(questions)
    )
    Rule.objects.create(
        dilemma=dilemma,
        act="Förvaltningslagen (2017:900)",
        section="16–18 §§",
        note="Jäv.",
        url="https://www.riksdagen.se/",
    )
    return dilemma
