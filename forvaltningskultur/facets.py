"""The facets of a filtered list (/dilemman/, /stodmaterial/): one select a facet, each
option with the number of items it would give. The apps count; the template
includes/filters.html shows them."""

from dataclasses import dataclass, field


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)

    def add(self, value, label, count, *, selected, depth=0):
        """An option; depth 1 is a sub-theme, shown indented under its main theme."""
        self.options.append(
            {"value": value, "label": label, "count": count, "selected": selected, "depth": depth}
        )
        return self


def theme_facet(label, themes, chosen, main_counts, direct_counts):
    """The theme facet: each main theme (counting an item once, whether tagged with it or
    one of its sub-themes), then its sub-themes (counting those tagged with them)."""
    facet = Facet("tema", label)
    for top in (t for t in themes if not t.parent_id):
        facet.add(top.slug, top.name, main_counts.get(top.pk, 0), selected=chosen == top.slug)
        for sub in (t for t in themes if t.parent_id == top.pk):
            facet.add(
                sub.slug,
                sub.name,
                direct_counts.get(sub.pk, 0),
                selected=chosen == sub.slug,
                depth=1,
            )
    return facet
