"""Seed the shared vocabulary of fields of action (Handlungsfelder)."""

from django.db import migrations

FIELDS_OF_ACTION = [
    ("Verwaltung", "verwaltung",
     "Digitale Verwaltungsleistungen, Onlinezugang, E-Akte und interne Prozesse."),
    ("Mobilität", "mobilitaet",
     "Parken, ÖPNV, Rad- und Fußverkehr, Verkehrssteuerung und Sharing-Angebote."),
    ("Energie & Klima", "energie-klima",
     "Energieeffizienz, erneuerbare Energien, Wärmeplanung und Klimaschutz."),
    ("Umwelt", "umwelt",
     "Luft, Wasser, Lärm, Grünflächen, Abfall und Umweltmessnetze."),
    ("Gesundheit", "gesundheit",
     "Gesundheitsversorgung, Pflege, Rettungsdienst und Prävention."),
    ("Bildung", "bildung",
     "Schulen, Bibliotheken, Volkshochschulen und digitale Teilhabe."),
    ("Wirtschaft & Tourismus", "wirtschaft-tourismus",
     "Handel, Gewerbe, Häfen, Tourismus und Stadtmarketing."),
    ("Beteiligung", "beteiligung",
     "Bürgerbeteiligung, Transparenz und Dialog mit der Stadtgesellschaft."),
    ("Sicherheit", "sicherheit",
     "Katastrophenschutz, Hochwasserwarnung, Feuerwehr und öffentliche Sicherheit."),
    ("Digitale Infrastruktur", "digitale-infrastruktur",
     "Breitband, WLAN, LoRaWAN, Sensornetze und Rechenzentren."),
    ("Datenplattformen & Open Data", "datenplattformen-open-data",
     "Urbane Datenplattformen, offene Daten, Schnittstellen und digitale Zwillinge."),
    ("Stadtentwicklung", "stadtentwicklung",
     "Stadtplanung, Bauen, Wohnen, Quartiere und Denkmalpflege."),
]


def seed(apps, schema_editor):
    FieldOfAction = apps.get_model("registry", "FieldOfAction")
    for position, (name, slug, description) in enumerate(FIELDS_OF_ACTION, start=1):
        FieldOfAction.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "sort_order": position * 10},
        )


def unseed(apps, schema_editor):
    FieldOfAction = apps.get_model("registry", "FieldOfAction")
    FieldOfAction.objects.filter(slug__in=[slug for _, slug, _ in FIELDS_OF_ACTION]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
