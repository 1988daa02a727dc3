"""Dilemma cases, their parts, the värdegrund principles, themes, codes of ethics and
anonymous download counts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import links, uploads
from forvaltningskultur.fields import URLField
from forvaltningskultur.publishing import Publishable, Reviewable
from forvaltningskultur.richtext import RichTextField, plain_text
from forvaltningskultur.uploads import UploadTo, validate_document

MIN_QUESTIONS = 2


class Principle(models.Model):
    """One of the six principles of den statliga värdegrunden (created by a migration)."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=60,
        unique=True,
        help_text=_(
            "Används i listans adress: /dilemman/?princip=kortnamnet. Små bokstäver, "
            "siffror och bindestreck."
        ),
    )
    legal_source = models.CharField(
        _("rättslig grund"), max_length=200, help_text=_("Till exempel ”RF 1 kap. 9 §”.")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("värdegrundsprincip")
        verbose_name_plural = _("värdegrundsprinciper")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.url("dilemmas:list") + f"?princip={self.slug}"

    def search_parents(self):
        from forvaltningskultur.search.registry import tagged_with

        return tagged_with(self)


class Theme(models.Model):
    """A theme in the taxonomy; a sub-theme has a parent (Korruption → Jäv)."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=60,
        unique=True,
        help_text=_(
            "Används i listans adress: /dilemman/?tema=kortnamnet. Små bokstäver, "
            "siffror och bindestreck."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat tema"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
        help_text=_("Lämna tomt för ett huvudtema."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    def __str__(self):
        return f"{self.parent.name} – {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return links.url("dilemmas:list") + f"?tema={self.slug}"

    def search_parents(self):
        """What is tagged with the theme or its sub-themes (they carry its name too)."""
        from forvaltningskultur.search.registry import tagged_with

        return tagged_with(self, with_children=True)


def taxonomy_text(tagged) -> str:
    """The taxonomy of a tagged object (a case, an agency's material) as the search index
    holds it: its themes, their main themes, its principles, one a line."""
    themes = list(tagged.themes.select_related("parent"))
    names = [t.name for t in themes]
    parents = [t.parent.name for t in themes if t.parent_id and t.parent.name not in names]
    principles = [p.name for p in tagged.principles.all()]
    return "\n".join([*names, *dict.fromkeys(parents), *principles])


class Audience(models.TextChoices):
    MANAGERS = "chefer", _("Chefer")
    STAFF = "medarbetare", _("Medarbetare")
    MANAGEMENT = "ledningsgrupp", _("Ledningsgrupp")


class Source(models.TextChoices):
    STATSKONTORET = "statskontoret", _("Statskontoret")
    VARDEGRUNDSDELEGATIONEN = "vardegrundsdelegationen", _("Värdegrundsdelegationen")
    OTHER = "annan", _("Annan myndighet")


def publishing_problems(*, principles=None, themes=None, questions=None) -> dict[str, str]:
    """What stops a case from being published, per part, as Swedish sentences for editors.
    The admin form, its question inline and the publish action all judge by this; a part
    not given is not judged."""
    problems = {}
    if principles is not None and principles < 1:
        problems["principles"] = str(_("Välj minst en värdegrundsprincip för att publicera."))
    if themes is not None and themes < 1:
        problems["themes"] = str(_("Välj minst ett tema för att publicera."))
    if questions is not None and questions < MIN_QUESTIONS:
        problems["questions"] = str(
            _("Skriv minst %(n)d diskussionsfrågor för att publicera (nu %(count)d).")
        ) % {"n": MIN_QUESTIONS, "count": questions}
    return problems


class Dilemma(Reviewable, Publishable):
    """A short case of a difficult situation, for a conversation at a workplace meeting."""

    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=200,
        unique=True,
        help_text=_(
            "Adressen blir /dilemman/kortnamnet/. Små bokstäver, siffror och bindestreck. "
            "Ändra inte efter publicering."
        ),
    )
    introduction = models.TextField(
        _("ingress"), help_text=_("En eller två meningar som visas i listan och överst i fallet.")
    )
    scenario = RichTextField(
        _("situationen"),
        help_text=_("Omkring 150 ord. Avsluta gärna med ”Vad gör du?”."),
    )
    leader_guide = RichTextField(
        _("stöd till samtalsledaren"),
        blank=True,
        help_text=_(
            "Fakta, var den rättsliga gränsen går och perspektiv att lyfta – inte ”svaret”."
        ),
    )
    principles = models.ManyToManyField(
        Principle,
        verbose_name=_("värdegrundsprinciper"),
        related_name="dilemmas",
        blank=True,
        help_text=_("Minst en krävs för att publicera."),
    )
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("teman"),
        related_name="dilemmas",
        blank=True,
        help_text=_("Minst ett krävs för att publicera."),
    )
    audience = models.CharField(
        _("målgrupp"), max_length=20, choices=Audience.choices, default=Audience.MANAGERS
    )
    minutes = models.PositiveSmallIntegerField(
        _("föreslagen tid (minuter)"),
        default=30,
        help_text=_("Ungefärlig tid för samtalet. Summeras i samtalspaketets mötesplan."),
    )
    source = models.CharField(
        _("källa"), max_length=30, choices=Source.choices, default=Source.STATSKONTORET
    )
    source_agency = models.CharField(
        _("annan myndighet"),
        max_length=200,
        blank=True,
        help_text=_("Fyll i när källan är en annan myndighet."),
    )
    licence = models.CharField(_("licens för återanvändning"), max_length=100, default="CC BY 4.0")
    licence_url = URLField(
        _("länk till licensen"),
        blank=True,
        default="https://creativecommons.org/licenses/by/4.0/deed.sv",
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("relaterade dilemman"), blank=True, symmetrical=True
    )

    class Meta:
        ordering = ["-publish_at", "title"]
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemman")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("dilemmas:detail", self.slug)

    def pdf_url(self):
        return links.url("dilemmas:pdf", self.slug)

    def meeting_url(self):
        return links.url("dilemmas:meeting", self.slug)

    @staticmethod
    def pack_url():
        return links.url("dilemmas:pack")

    @property
    def source_name(self) -> str:
        if self.source == Source.OTHER and self.source_agency:
            return self.source_agency
        return self.get_source_display()

    def clean(self):
        if self.source == Source.OTHER and not self.source_agency:
            raise ValidationError(
                {"source_agency": _("Skriv vilken myndighet fallet kommer från.")}
            )

    def publishing_problems(self) -> list[str]:
        """Why this saved case may not be published; empty when it may."""
        problems = publishing_problems(
            principles=self.principles.count(),
            themes=self.themes.count(),
            questions=self.questions.exclude(text="").count(),
        )
        return list(problems.values())

    def search_document(self):
        from forvaltningskultur.search import Document

        rules = [" ".join(p for p in (r.act, r.section, r.note) if p) for r in self.rules.all()]
        return Document(
            title=self.title,
            taxonomy=taxonomy_text(self),
            meta="\n".join(
                [str(_("Dilemma")), self.get_audience_display(), self.source_name, *rules]
            ),
            body="\n".join(
                [
                    self.introduction,
                    plain_text(self.scenario),
                    *(q.text for q in self.questions.all()),
                    plain_text(self.leader_guide),
                ]
            ),
            detail=", ".join(t.name for t in self.themes.all()),
        )


class Question(models.Model):
    dilemma = models.ForeignKey(Dilemma, related_name="questions", on_delete=models.CASCADE)
    text = models.CharField(_("fråga"), max_length=500)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("diskussionsfråga")
        verbose_name_plural = _("diskussionsfrågor")

    def __str__(self):
        return self.text

    def search_parents(self):
        return [Dilemma.objects.filter(pk=self.dilemma_id)]


class Rule(models.Model):
    """A rule that applies: act, chapter and section, a short note and a link."""

    dilemma = models.ForeignKey(Dilemma, related_name="rules", on_delete=models.CASCADE)
    act = models.CharField(
        _("författning"),
        max_length=200,
        help_text=_("Till exempel ”Förvaltningslagen (2017:900)”."),
    )
    section = models.CharField(
        _("kapitel och paragraf"),
        max_length=100,
        blank=True,
        help_text=_("Till exempel ”16–18 §§”."),
    )
    note = models.CharField(_("kort kommentar"), max_length=300, blank=True)
    url = URLField(_("länk"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("regel")
        verbose_name_plural = _("regler som gäller")

    def __str__(self):
        return f"{self.act} {self.section}".strip()

    def search_parents(self):
        return [Dilemma.objects.filter(pk=self.dilemma_id)]


class Attachment(models.Model):
    dilemma = models.ForeignKey(Dilemma, related_name="attachments", on_delete=models.CASCADE)
    title = models.CharField(_("namn på bilagan"), max_length=200)
    file = models.FileField(
        _("fil"),
        upload_to=UploadTo("dilemman", field="file"),
        validators=[validate_document],
        help_text=_("PDF, DOCX eller ODT, högst 20 MB."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dilemmas:attachment", kwargs={"slug": self.dilemma.slug, "pk": self.pk})

    @property
    def description(self) -> str:
        return uploads.describe(self.file)


class CodeOfEthics(Reviewable, Publishable):
    """An agency's code of ethics: a file or a link."""

    agency = models.CharField(_("myndighet"), max_length=200)
    title = models.CharField(_("titel"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    summary = models.TextField(_("kort beskrivning"), blank=True)
    file = models.FileField(
        _("fil"),
        upload_to=UploadTo("etiska-koder", field="file"),
        validators=[validate_document],
        blank=True,
        help_text=_("PDF, DOCX eller ODT, högst 20 MB. Ange en fil eller en länk."),
    )
    url = URLField(_("länk"), blank=True, help_text=_("Till koden på myndighetens webbplats."))
    link_format = models.CharField(
        _("länkens format och storlek"),
        max_length=40,
        blank=True,
        help_text=_("Till exempel ”pdf, 350 kB” när länken går till en fil. Tomt för en webbsida."),
    )
    is_example = models.BooleanField(
        _("exempel"), default=False, help_text=_("Markeras som exempel på webbplatsen.")
    )

    class Meta:
        ordering = ["agency", "-year"]
        verbose_name = _("etisk kod")
        verbose_name_plural = _("etiska koder")

    def __str__(self):
        return f"{self.agency}: {self.title} ({self.year})"

    def get_absolute_url(self):
        return links.url("codes:list") + f"#kod-{self.pk}"

    def clean(self):
        if not self.file and not self.url:
            raise ValidationError(_("Ladda upp en fil eller ange en länk till koden."))
        if self.year and not 1990 <= self.year <= timezone.now().year + 1:
            raise ValidationError({"year": _("Ange ett rimligt årtal.")})

    @property
    def format_description(self) -> str:
        if self.file:
            return uploads.describe(self.file)
        return self.link_format

    def search_document(self):
        from forvaltningskultur.search import Document

        return Document(
            title=self.title,
            meta="\n".join([str(_("Etisk kod")), self.agency, str(self.year)]),
            body=self.summary,
            detail=f"{self.agency}, {self.year}",
        )


class DownloadCount(models.Model):
    """How many times a case or a pack was downloaded in a month. No personal data:
    only the month, what was downloaded and a number."""

    # Statistics only: a download must not invalidate every cached page (pagecache.py).
    affects_pages = False

    class Kind(models.TextChoices):
        CASE = "dilemma", _("Dilemma")
        PACK = "paket", _("Samtalspaket")

    month = models.DateField(_("månad"))
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    dilemma = models.ForeignKey(
        Dilemma,
        verbose_name=_("dilemma"),
        null=True,
        blank=True,
        related_name="download_counts",
        on_delete=models.CASCADE,
    )
    pack = models.TextField(
        _("paketets innehåll"), blank=True, help_text=_("Fallens kortnamn, sorterade.")
    )
    count = models.PositiveIntegerField(_("nedladdningar"), default=0)

    class Meta:
        ordering = ["-month", "-count"]
        verbose_name = _("nedladdningar per månad")
        verbose_name_plural = _("nedladdningar per månad")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kind", "dilemma", "pack"], name="dilemmas_download_unique"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dilemma or self.pack}: {self.count}"
