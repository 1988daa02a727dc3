"""Guest columns (krönikor) and the people who write them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forvaltningskultur import links
from forvaltningskultur.images import require_alt_text
from forvaltningskultur.publishing import Publishable
from forvaltningskultur.richtext import RichTextField, plain_text
from forvaltningskultur.uploads import CheckedImageField, UploadTo


class Language(models.TextChoices):
    """Languages a column may be written in; anything but Swedish gets its own `lang`."""

    SWEDISH = "sv", _("svenska")
    ENGLISH = "en", _("engelska")
    FINNISH = "fi", _("finska")
    MEANKIELI = "fit", _("meänkieli")
    NORTHERN_SAMI = "se", _("nordsamiska")
    LULE_SAMI = "smj", _("lulesamiska")
    SOUTHERN_SAMI = "sma", _("sydsamiska")
    ROMANI = "rom", _("romani chib")
    YIDDISH = "yi", _("jiddisch")


class AuthorQuerySet(models.QuerySet):
    def public(self):
        """Authors with a page of their own: on the council, or with a published column."""
        with_columns = Column.objects.published().values("author_id")
        return self.filter(models.Q(on_council=True) | models.Q(pk__in=with_columns))


class Author(models.Model):
    """A guest writer. Council members are also listed on /om/."""

    name = models.CharField(_("namn"), max_length=120)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=120,
        unique=True,
        help_text=_(
            "Adressen blir /kronikor/forfattare/kortnamnet/. Små bokstäver, siffror och "
            "bindestreck. Ändra inte efter publicering."
        ),
    )
    role = models.CharField(
        _("roll"), max_length=200, help_text=_("Till exempel ”landshövding, tidigare minister”.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    portrait = CheckedImageField(
        _("porträtt"),
        upload_to=UploadTo("portratt", field="portrait"),
        width_field="portrait_width",
        height_field="portrait_height",
        blank=True,
        help_text=_("JPEG, PNG eller WebP, högst 10 MB. Webbplatsen visar förminskade kopior."),
    )
    portrait_width = models.PositiveIntegerField(editable=False, null=True)
    portrait_height = models.PositiveIntegerField(editable=False, null=True)
    portrait_alt = models.CharField(
        _("alternativtext för porträttet"),
        max_length=250,
        blank=True,
        help_text=_("Beskriv bilden för den som inte ser den, till exempel ”Porträtt av …”."),
    )
    portrait_decorative = models.BooleanField(
        _("porträttet är dekorativt"),
        default=False,
        help_text=_(
            "Kryssa bara i om bilden inte tillför något; den får då en tom alternativtext."
        ),
    )
    bio = models.TextField(
        _("kort presentation"), blank=True, help_text=_("Ett par meningar om skribenten.")
    )
    on_council = models.BooleanField(
        _("sitter i rådet"),
        default=False,
        help_text=_("Ledamot i Rådet för en god förvaltningskultur; visas då även på Om oss."),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = AuthorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("skribent")
        verbose_name_plural = _("skribenter")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.url("columns:author", self.slug)

    def clean(self):
        super().clean()
        require_alt_text(
            self.portrait, self.portrait_alt, self.portrait_decorative, field="portrait_alt"
        )

    @property
    def portrait_alt_text(self) -> str:
        """What the <img> gets: '' for a decorative portrait."""
        return "" if self.portrait_decorative else self.portrait_alt

    @property
    def role_and_organisation(self) -> str:
        return ", ".join(part for part in (self.role, self.organisation) if part)

    def search_document(self):
        """An author's page is public while they are on the council or have a published
        column (AuthorQuerySet.public): findable from the first column's time."""
        from forvaltningskultur.publishing import Status
        from forvaltningskultur.search import Document

        first = (
            self.columns.filter(status=Status.PUBLISHED)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        if not self.on_council and first is None:
            return None
        return Document(
            title=self.name,
            meta="\n".join([str(_("Skribent")), self.role, self.organisation]),
            body=self.bio,
            detail=self.role_and_organisation,
            status=Status.PUBLISHED,
            publish_at=None if self.on_council else first,
        )

    def search_parents(self):
        return [self.columns.all()]


class Column(Publishable):
    """A guest column. The writer speaks for themselves (STANDARD_LINE)."""

    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=200,
        unique=True,
        help_text=_(
            "Adressen blir /kronikor/kortnamnet/. Små bokstäver, siffror och bindestreck. "
            "Ändra inte efter publicering."
        ),
    )
    introduction = models.TextField(
        _("ingress"),
        help_text=_("Ett par meningar som visas i listan, på startsidan och i RSS-flödet."),
    )
    body = RichTextField(_("brödtext"))
    author = models.ForeignKey(
        Author,
        verbose_name=_("skribent"),
        on_delete=models.PROTECT,
        related_name="columns",
    )
    language = models.CharField(
        _("språk"),
        max_length=5,
        choices=Language.choices,
        default=Language.SWEDISH,
        help_text=_("Texten märks med sitt språk så att skärmläsare läser den rätt."),
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("krönika")
        verbose_name_plural = _("krönikor")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("columns:detail", self.slug)

    @property
    def lang(self) -> str:
        """The `lang` attribute the text needs, or '' when it is Swedish like the page."""
        return "" if self.language == Language.SWEDISH else self.language

    def search_document(self):
        from forvaltningskultur import dates
        from forvaltningskultur.search import Document

        author = self.author
        return Document(
            title=self.title,
            meta="\n".join([str(_("Krönika")), author.name, author.role_and_organisation]),
            body="\n".join([self.introduction, plain_text(self.body)]),
            detail=f"{author.name}, {dates.day_month_year(self.publish_at)}",
        )

    def search_parents(self):
        """The author's page is public from their first published column."""
        return [Author.objects.filter(pk=self.author_id)]
