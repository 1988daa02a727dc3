"""The RSS 2.0 feed of the latest columns, with absolute links from SITE_URL."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Column

FEED_SIZE = 20


def absolute(path: str) -> str:
    # SITE_URL, not the request's Host header: feeds are cached and shared by readers.
    return settings.SITE_URL + path


class LatestColumnsFeed(Feed):
    title = _("Krönikor – En god förvaltningskultur i staten")
    description = _(
        "Gästskribenter skriver om förvaltningskultur. Skribenten svarar själv för innehållet."
    )
    language = "sv"

    def link(self):
        return absolute(reverse("columns:list"))

    def feed_url(self):
        return absolute(reverse("columns:feed"))

    def items(self):
        return Column.objects.published().select_related("author")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_author_name(self, item):
        return item.author.name

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
