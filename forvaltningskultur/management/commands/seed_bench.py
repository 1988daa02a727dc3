"""A large, fixed data set for the benchmark (`make bench`): never run it on a real site.

200 seminars with speakers, 100 courses with occasions, 300 dilemmas with questions,
themes, principles and rules, 50 codes of ethics and 100 columns by 10 writers. The
texts and the order are the same every run; the dates are relative to today so that
seminars are upcoming and everything is published. Rows are made with bulk_create (no
signals, no history), then the search index is rebuilt. Running it again replaces the
earlier benchmark rows (slug prefix "bench-"). An app whose models are not installed
is skipped with a note.
"""

import datetime as dt
import itertools
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from forvaltningskultur.publishing import Status

PREFIX = "bench-"
COUNTS = {"seminars": 200, "courses": 100, "dilemmas": 300, "codes": 50, "columns": 100}
WORDS = [
    "förtroende", "objektivitet", "legalitet", "jäv", "korruption", "bemötande",
    "rättssäkerhet", "öppenhet", "ledarskap", "samtal", "värdegrund", "medarbetare",
    "myndighet", "tjänsteman", "offentlighet", "integritet", "likabehandling",
    "effektivitet", "service", "demokrati", "yttrandefrihet", "ansvar", "omdöme", "dilemma",
]  # fmt: skip


def words(seed: int, n: int) -> str:
    """n Swedish words chosen by a fixed rule from seed: the same text every run."""
    return " ".join(WORDS[(seed * 7 + i * 13 + i * i) % len(WORDS)] for i in range(n))


def paragraphs(seed: int, count: int, length: int = 60) -> str:
    return "".join(f"<p>{words(seed + k, length).capitalize()}.</p>" for k in range(count))


def model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


class Command(BaseCommand):
    help = "Läser in en stor, fast testmängd för prestandamätningen (make bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Andel av den fulla mängden, t.ex. 0.05 för en liten mängd i test.",
        )

    @transaction.atomic
    def handle(self, *args, scale=1.0, **options):
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.counts = {k: max(1, round(n * scale)) for k, n in COUNTS.items()}
        self.start_page()
        for name, step in (
            ("seminars", self.seminars),
            ("courses", self.courses),
            ("dilemmas", self.dilemmas),
            ("columns", self.columns),
        ):
            made = step()
            if made is None:
                self.stdout.write(f"{name}: modellerna saknas, hoppar över.")
            else:
                self.stdout.write(f"{name}: {made}")
        call_command("rebuild_search_index", stdout=self.stdout)

    def published_at(self, i: int) -> dt.datetime:
        return self.now - dt.timedelta(days=1, hours=i)

    def start_page(self):
        from forvaltningskultur.management.commands.seed_demo import START
        from forvaltningskultur.models import StartPage

        if not StartPage.objects.exists():
            StartPage.objects.create(**START)

    def seminars(self):
        Seminar, Speaker = model("seminars.Seminar"), model("seminars.Speaker")
        if Seminar is None:
            return None
        Seminar.objects.filter(slug__startswith=PREFIX).delete()
        n = self.counts["seminars"]
        upcoming = n // 4
        rows = []
        for i in range(n):
            # A quarter upcoming, the rest in the archive, three days apart.
            starts = self.now.replace(hour=13) + dt.timedelta(days=3 * (i - (n - upcoming)) + 1)
            rows.append(
                Seminar(
                    title=f"Seminarium {i + 1}: {words(i, 4)}",
                    slug=f"{PREFIX}seminarium-{i + 1}",
                    introduction=words(i + 1, 30).capitalize() + ".",
                    body=paragraphs(i, 4),
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    venue="Statskontoret, lokal Ljuset",
                    address="Kungsgatan 1, Stockholm",
                    capacity=80,
                    status=Status.PUBLISHED,
                    publish_at=min(starts - dt.timedelta(days=60), self.published_at(i)),
                )
            )
        seminars = Seminar.objects.bulk_create(rows)
        Speaker.objects.bulk_create(
            Speaker(
                seminar=s,
                name=f"Talare {i + 1}.{k + 1}",
                title="professor" if k else "generaldirektör",
                organisation="Exempelmyndigheten",
                bio=words(i + k, 25),
                order=k,
            )
            for i, s in enumerate(seminars)
            for k in range(2)
        )
        return f"{len(seminars)} seminarier med talare"

    def courses(self):
        Course, Occasion = model("courses.Course"), model("courses.CourseOccasion")
        if Course is None or Occasion is None:
            return None
        Course.objects.filter(slug__startswith=PREFIX).delete()
        courses = Course.objects.bulk_create(
            Course(
                title=f"Kurs {i + 1}: {words(i + 3, 3)}",
                slug=f"{PREFIX}kurs-{i + 1}",
                introduction=words(i + 2, 30).capitalize() + ".",
                body=paragraphs(i + 5, 3),
                target_group="chefer",
                status=Status.PUBLISHED,
                publish_at=self.published_at(i),
            )
            for i in range(self.counts["courses"])
        )
        occasions = []
        for i, course in enumerate(courses):
            for k in range(3):
                starts = self.now.replace(hour=9) + dt.timedelta(days=10 + 30 * k + i % 20)
                occasions.append(
                    Occasion(
                        course=course,
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=7),
                        venue="Statskontoret",
                        capacity=25,
                    )
                )
        Occasion.objects.bulk_create(occasions)
        return f"{len(courses)} kurser med {len(occasions)} tillfällen"

    def dilemmas(self):
        Dilemma = model("dilemmas.Dilemma")
        if Dilemma is None:
            return None
        from dilemmas.models import CodeOfEthics, Principle, Question, Rule, Theme

        # The migration made principles and themes; a flushed database needs them again.
        import_module("dilemmas.migrations.0002_principles_and_themes").create(apps, None)
        principles, themes = list(Principle.objects.all()), list(Theme.objects.all())
        Dilemma.objects.filter(slug__startswith=PREFIX).delete()
        dilemmas = Dilemma.objects.bulk_create(
            Dilemma(
                title=f"Dilemma {i + 1}: {words(i + 4, 4)}",
                slug=f"{PREFIX}dilemma-{i + 1}",
                introduction=words(i + 5, 25).capitalize() + "?",
                scenario=paragraphs(i + 6, 3) + "<p>Vad gör du?</p>",
                leader_guide="<h3>Fakta</h3>" + paragraphs(i + 7, 2),
                audience=("chefer", "medarbetare", "ledningsgrupp")[i % 3],
                minutes=(20, 30, 45)[i % 3],
                status=Status.PUBLISHED,
                publish_at=self.published_at(i),
            )
            for i in range(self.counts["dilemmas"])
        )
        Question.objects.bulk_create(
            Question(dilemma=d, text=f"Fråga {k + 1}: {words(i + k, 10)}?", order=k)
            for i, d in enumerate(dilemmas)
            for k in range(3)
        )
        Rule.objects.bulk_create(
            Rule(
                dilemma=d,
                act="Förvaltningslagen (2017:900)",
                section="16–18 §§",
                note="Jäv.",
                url="https://www.riksdagen.se/",
            )
            for d in dilemmas
        )
        through = Dilemma.principles.through
        through.objects.bulk_create(
            through(dilemma_id=d.pk, principle_id=principles[(i + k) % len(principles)].pk)
            for i, d in enumerate(dilemmas)
            for k in range(2)
        )
        through = Dilemma.themes.through
        through.objects.bulk_create(
            through(dilemma_id=d.pk, theme_id=themes[(i * 3 + k) % len(themes)].pk)
            for i, d in enumerate(dilemmas)
            for k in range(2)
        )
        through = Dilemma.related.through
        pairs = list(itertools.pairwise(dilemmas))
        through.objects.bulk_create(
            through(from_dilemma_id=x.pk, to_dilemma_id=y.pk)
            for a, b in pairs
            for x, y in ((a, b), (b, a))
        )
        CodeOfEthics.objects.filter(agency__startswith="Benchmyndigheten").delete()
        codes = CodeOfEthics.objects.bulk_create(
            CodeOfEthics(
                agency=f"Benchmyndigheten {i + 1:03d}",
                title="Etisk kod",
                year=2015 + i % 10,
                summary=words(i + 8, 20).capitalize() + ".",
                url=f"https://example.org/kod-{i + 1}",
                link_format="pdf, 350 kB",
                status=Status.PUBLISHED,
                publish_at=self.published_at(i),
            )
            for i in range(self.counts["codes"])
        )
        return f"{len(dilemmas)} dilemman, {len(codes)} etiska koder"

    def columns(self):
        Author, Column = model("columns.Author"), model("columns.Column")
        if Column is None:
            return None
        Column.objects.filter(slug__startswith=PREFIX).delete()
        Author.objects.filter(slug__startswith=PREFIX).delete()
        authors = Author.objects.bulk_create(
            Author(
                name=f"Benchskribent {k + 1}",
                slug=f"{PREFIX}skribent-{k + 1}",
                role="generaldirektör",
                organisation="Exempelmyndigheten",
                bio=words(k, 20),
            )
            for k in range(10)
        )
        columns = Column.objects.bulk_create(
            Column(
                title=f"Krönika {i + 1}: {words(i + 9, 4)}",
                slug=f"{PREFIX}kronika-{i + 1}",
                introduction=words(i + 10, 30).capitalize() + ".",
                body=paragraphs(i + 11, 6),
                author=authors[i % len(authors)],
                status=Status.PUBLISHED,
                publish_at=self.published_at(i),
            )
            for i in range(self.counts["columns"])
        )
        return f"{len(columns)} krönikor av {len(authors)} skribenter"
