"""The six principles of den statliga värdegrunden and the initial theme taxonomy."""

from django.db import migrations

PRINCIPLES = [
    ("Demokrati", "demokrati", "Regeringsformen 1 kap. 1 §",
     "All offentlig makt i Sverige utgår från folket. Statsanställda ska förverkliga de mål som riksdag och regering har beslutat."),
    ("Legalitet", "legalitet", "Regeringsformen 1 kap. 1 § tredje stycket",
     "Den offentliga makten utövas under lagarna. Statsanställda ska följa gällande regler och bara göra det de har rätt att göra."),
    ("Objektivitet", "objektivitet", "Regeringsformen 1 kap. 9 §",
     "Alla ska behandlas lika inför lagen, och statsanställda ska iaktta saklighet och opartiskhet."),
    ("Fri åsiktsbildning", "fri-asiktsbildning", "Regeringsformen 1 kap. 1 §; offentlighetsprincipen (TF 2 kap.)",
     "Den svenska folkstyrelsen bygger på fri åsiktsbildning. Yttrandefrihet, meddelarfrihet och offentlighetsprincipen skyddar den."),
    ("Respekt för alla människors lika värde, frihet och värdighet", "respekt", "Regeringsformen 1 kap. 2 §",
     "Den offentliga makten ska utövas med respekt för alla människors lika värde och för den enskilda människans frihet och värdighet."),
    ("Effektivitet och service", "effektivitet-och-service", "Förvaltningslagen (2017:900) 5–9 §§; myndighetsförordningen (2007:515) 3 §",
     "Myndigheterna ska arbeta effektivt, hushålla väl med statens medel och ge god service till enskilda."),
]

THEMES = [
    ("Korruption", "korruption", [
        ("Mutor och gåvor", "mutor-och-gavor"),
        ("Vänskapskorruption", "vanskapskorruption"),
        ("Jäv", "jav"),
        ("Bisysslor", "bisysslor"),
        ("Upphandling", "upphandling"),
    ]),
    ("Rekrytering", "rekrytering", []),
    ("Diskriminering och likabehandling", "diskriminering-och-likabehandling", []),
    ("Internt bemötande", "internt-bemotande", []),
    ("Yttrandefrihet och meddelarfrihet", "yttrandefrihet-och-meddelarfrihet", []),
    ("Offentlighet och sekretess", "offentlighet-och-sekretess", []),
    ("Service och bemötande", "service-och-bemotande", []),
]


def create(apps, schema_editor):
    Principle = apps.get_model("dilemmas", "Principle")
    Theme = apps.get_model("dilemmas", "Theme")
    for order, (name, slug, source, description) in enumerate(PRINCIPLES, start=1):
        Principle.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "legal_source": source, "description": description, "order": order},
        )
    for order, (name, slug, children) in enumerate(THEMES, start=1):
        parent, _ = Theme.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        for child_order, (child_name, child_slug) in enumerate(children, start=1):
            Theme.objects.get_or_create(
                slug=child_slug, defaults={"name": child_name, "parent": parent, "order": child_order}
            )


def remove(apps, schema_editor):
    apps.get_model("dilemmas", "Principle").objects.filter(slug__in=[p[1] for p in PRINCIPLES]).delete()
    Theme = apps.get_model("dilemmas", "Theme")
    Theme.objects.exclude(parent=None).delete()
    Theme.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dilemmas", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
