"""
Write docs/permissions.md from the table the permission tests assert
(`EXPECTED_OWN` in test_permission_matrix.py) and from the admin URL probe's
plan (admin_probe.py), so the document cannot drift from what is tested.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python tests/governance/permissions_doc.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import django  # noqa: E402

django.setup()

from tests.governance.admin_probe import coverage  # noqa: E402
from tests.governance.test_permission_matrix import (  # noqa: E402
    ACTIONS,
    EN_ACTIONS,
    EXPECTED_OWN,
    EXPECTED_OWN_EN,
    OTHER_CITY_ROLES,
)

ROLE_NAMES = {
    "editor": "Redaktion (eigene Stadt)",
    "moderator": "Freigabe (eigene Stadt)",
    "alliance": "Verbund – Administration",
    "press": "Presse",
}


def table(columns, actions, expected_own) -> list[str]:
    """One row per action: the own city's cells as tested, "nein" against the other city."""
    lines = ["| Aktion | " + " | ".join(columns) + " |", "| --- |" + " --- |" * len(columns)]
    for action in actions:
        cells = ["ja" if expected_own[role][action] else "nein" for role in expected_own]
        cells += ["nein"] * len(OTHER_CITY_ROLES)
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    return lines


def render() -> str:
    columns = [ROLE_NAMES[role] for role in EXPECTED_OWN] + [
        f"{ROLE_NAMES[role].removesuffix(' (eigene Stadt)')} → andere Stadt"
        for role in OTHER_CITY_ROLES
    ]
    lines = [
        "# Wer darf was – die Berechtigungsmatrix",
        "",
        "Generiert aus `tests/governance/test_permission_matrix.py` mit "
        "`tests/governance/permissions_doc.py`; jede Zelle ist ein Test, der echte "
        "HTTP-Anfragen an den Wagtail-Admin schickt (Lübeck als eigene, Rostock als "
        "andere Stadt). „nein“ gegen eine andere Stadt heißt: Antwort 403/404 oder "
        "Umleitung mit „keine Berechtigung“, und in der Datenbank hat sich nichts geändert; "
        "Listen und Auswahldialoge zeigen die Einträge der anderen Stadt nicht.",
        "",
        "Die Aktionen betreffen eine Erfahrung (Seite unter einem Projekt) bzw. einen "
        "Kontakt der Stadt. Presse hat auf Städte-Inhalte keine Rechte, nur auf Nachrichten.",
        "",
    ]
    lines += table(columns, ACTIONS, EXPECTED_OWN)
    lines += [
        "",
        "## Übersetzte Seitenbäume",
        "",
        "Jede Sprache hat ihren eigenen Seitenbaum (wagtail-localize). Die Gruppen einer "
        "Stadt haben auf jeder Übersetzung der Stadtseite dieselben Rechte und denselben "
        "Workflow wie auf der deutschen, sobald die Übersetzung angelegt wird "
        "(`governance.services.page_translation_governance_copy`) und wenn eine Stadt "
        "aufgenommen wird, deren Seite schon übersetzt ist. Eine Seite übersetzen darf, "
        "wer sie bearbeiten darf: die Redaktion einer Stadt die Seiten ihrer Stadt, die "
        "Verbund-Administration Startseite und Städteübersicht. Spalten wie oben, gegen "
        "Lübecks und Rostocks englischen Baum; eine übersetzte Seite wird im "
        "Übersetzungseditor geschrieben, nicht im Seitenformular. Eine maschinell "
        "übersetzte Seite als geprüft markieren („Übersetzung prüfen“) darf ebenfalls, "
        "wer sie bearbeiten darf; der Hinweis „maschinell übersetzt“ verschwindet, "
        "wenn die Übersetzung veröffentlicht wird – bei der Freigabe sofort, sonst mit "
        "der Freigabe der Stadt (docs/machine-translation.md).",
        "",
    ]
    lines += table(columns, EN_ACTIONS, EXPECTED_OWN_EN)
    lines += [
        "",
        "## Gruppen",
        "",
        "- **<Stadt> – Redaktion**: Seitenrechte *hinzufügen, bearbeiten* auf der Stadtseite "
        "(Projekte, Erfahrungen); Kontakte der eigenen Stadt; Bilder und Dokumente in der "
        "Sammlung der Stadt; *hinzufügen, bearbeiten* im Wissensbereich. Veröffentlicht "
        "wird über den Workflow „Freigabe durch die Stadt – <Stadt>“.",
        "- **<Stadt> – Freigabe**: zusätzlich *veröffentlichen, mit Unterseiten löschen, "
        "sperren, entsperren*; prüft im Workflow der eigenen Stadt und im Workflow "
        "„Freigabe Wissensbereich“.",
        "- **Presse**: *hinzufügen, bearbeiten, veröffentlichen* nur auf der Nachrichtenübersicht.",
        "- **Verbund – Administration**: Seitenrechte auf der Städteübersicht (alle Städte), "
        "Benutzer anlegen und ändern, Handlungsfelder, die Synonyme der Suche, alle Kontakte "
        "und Nachnutzungsanfragen. Vergibt keine Rechte über die eigenen hinaus (siehe "
        "„Benutzerkonten“).",
        "- **Editors** und **Moderators**, Wagtails mitgelieferte Gruppen, haben keine Rechte "
        "an Inhalten, nur die Anmeldung im Admin (Migration `registry/0005`). Wagtail gibt "
        "ihnen Seitenrechte auf der Wurzelseite und Bild- und Dokumentrechte auf der "
        "obersten Sammlung; das hätte jedem Mitglied alle Städte geöffnet, an ihren "
        "Gruppen und Workflows vorbei. Die Gruppen bleiben mit ihren Mitgliedern bestehen "
        "(„Moderators“ prüft im abgeschalteten Workflow „Moderators approval“). Wer "
        "Inhalte einer Stadt bearbeiten soll, kommt in deren Gruppe.",
        "",
        "Gruppen, Bildersammlung und Workflow einer Stadt tragen den Namen der Stadt. Wird "
        "die Stadtseite umbenannt und veröffentlicht, ziehen die Namen mit "
        "(`governance.services.city_governance_rename`); die Rechte bleiben, denn sie hängen "
        "an der Stadtseite, nicht am Namen.",
        "",
        "## Daten der Städte im Admin",
        "",
        "- **Kontakte** und **Nachnutzungsanfragen** gehören einer Stadt (Kontakt: seine "
        "Stadt; Anfrage: die Stadt des angefragten Projekts). Je Modell gilt eine Regel, "
        "Wagtails Berechtigungsrichtlinie (`registry.permissions`): Die Redaktion und "
        "Freigabe einer Stadt sehen nur die Einträge der eigenen Stadt, die "
        "Verbund-Administration alle. Das gilt für Liste, Suche, Export, Ansicht, "
        "Bearbeiten, Löschen, Verlauf, Verwendung, Auswahldialog und Sammelaktionen; jede "
        "Admin-Adresse, die einen Eintrag nennt, fragt die Richtlinie. Ein fremder Eintrag "
        "wird mit „keine Berechtigung“ abgewiesen. Nachnutzungsanfragen sind im Admin nur "
        "lesbar.",
        "- **Synonyme** der Suche (Menü „Synonyme“) pflegt nur die Verbund-Administration; "
        "die Gruppen der Städte und die Presse sehen weder den Menüpunkt noch die Einträge "
        "und werden auf jeder Adresse abgewiesen (Migration `core/0002` gibt die Rechte "
        "einer schon bestehenden Gruppe „Verbund – Administration“). Eine Änderung gilt ab "
        "der nächsten Suche.",
        "- **Bilder und Dokumente** liegen in der Sammlung der Stadt; die Gruppen einer Stadt "
        "haben nur dort Rechte, und Wagtails sammlungsbezogene Richtlinie wendet das auf "
        "alle Bild- und Dokumentansichten und Auswahldialoge an, ebenso die Admin-API "
        "(`/admin/api/main/images/`, `…/documents/`).",
        "- **Seitenauswahl** (Durchblättern, Suche, Mehrfachauswahl): Eigene Seiten "
        "erscheinen mit Entwürfen. Seiten einer anderen Stadt erscheinen nur, wenn sie "
        "veröffentlicht und öffentlich sind und keinen Entwurf mit anderem Titel haben; so "
        "lässt sich ein veröffentlichtes Projekt einer anderen Stadt als Quelle einer "
        "Übernahme („Übernommen von“) wählen, aber kein Entwurf und kein Entwurfstitel "
        "einer anderen Stadt wird sichtbar. Eine fremde Seite, die die Auswahl nicht "
        "zeigt, lässt sich auch nicht direkt aufrufen. Die Verbund-Administration sieht "
        "alle Seiten.",
        "- **Verschieben**: Die Bestätigungsseite sieht nur, wer die Seite an das "
        "Ziel verschieben darf; sonst „keine Berechtigung“, ohne die Seite zu zeigen.",
        "- **Sammelaktionen** (Seiten, Bilder, Dokumente, Kontakte, Anfragen, Konten) "
        "nehmen nur Einträge auf, die die Person sehen darf (Seiten nach der Regel der "
        "Seitenauswahl, alles Übrige nach seiner Richtlinie); die Bestätigungsseite nennt "
        "keinen fremden Eintrag. Ist keiner der gewählten Einträge sichtbar: 404.",
        "- **Berichte**: „Nutzung der Seitentypen“ nennt als zuletzt bearbeitete Seite nur "
        "eine, die die Person sehen darf; die Zahlen bleiben Summen. Der "
        "**Website-Verlauf** zeigt einer Stadtrolle die Einträge der Seiten, an denen sie "
        "Rechte hat (eigene Stadt, Wissensbereich), und der eigenen Kontakte, Anfragen, "
        "Bilder und Dokumente; auch die Personenauswahl nennt nur, wer darin vorkommt. "
        "Die Verbund-Administration sieht den ganzen Verlauf.",
        "",
        "## Benutzerkonten",
        "",
        "Nur Superuser machen andere zu Superusern. Die Verbund-Administration legt Konten "
        "an und ändert sie, aber sie sieht kein Feld „Administrator“ (ein eingeschleustes "
        "`is_superuser` wird ignoriert) und vergibt nur Gruppen, die nicht mehr gewähren, "
        "als sie selbst hat: Modellrechte nur, wenn sie sie selbst hat; Seitenrechte nur "
        "von Arten, die sie selbst hat (hinzufügen, bearbeiten, veröffentlichen, löschen, "
        "sperren, entsperren); Bild- und Dokumentrechte höchstens wie eine Stadtredaktion "
        "(hinzufügen, ändern, auswählen). Die Gruppe „Verbund – Administration“ vergibt "
        "nur ein Superuser. Gruppen, die sie nicht vergeben darf, nimmt sie einem Konto "
        "auch nicht weg. Konten, die mehr haben, als sie vergeben darf (Superuser, andere "
        "Verbund-Administratoren), darf sie weder bearbeiten noch deaktivieren, löschen "
        "oder mit neuem Passwort versehen; das gilt auch für die Sammelaktionen der "
        "Benutzerliste. Gruppen und ihre Rechte bearbeiten nur Superuser "
        "(`governance.accounts`).",
        "",
        "## Eine Stadt aufnehmen",
        "",
        "Eine Stadt wird in einem Schritt aufgenommen: Stadtseite, beide Gruppen, "
        "Bildersammlung, Workflow und das Freigabe-Konto in „<Stadt> – Freigabe“. Ohne "
        "Freigabe-Konto wartete die erste Einreichung der Stadt für immer.",
        "",
        "- **Im Admin** (Verbund – Administration oder Superuser): unter *Städte → Unterseite "
        "hinzufügen → Stadt* die Felder ausfüllen, dazu **Freigabe-Konto**: Benutzername "
        "oder E-Mail eines bestehenden Kontos, oder ein neuer Benutzername mit **E-Mail des "
        "neuen Freigabe-Kontos**. Ein bestehendes Konto geht nur, wenn man es auch unter "
        "*Einstellungen → Benutzer* ändern dürfte (siehe Benutzerkonten: die "
        "Verbund-Administration nennt keinen Superuser und keine andere "
        "Verbund-Administration). Ein neues Konto hat zunächst kein Passwort; die Person "
        "setzt es über „Passwort vergessen“. Angelegt wird die Stadt erst mit "
        "*Veröffentlichen*: Entwurf und automatisches Speichern sind beim Anlegen einer "
        "Stadt abgelehnt, und ein Formular mit Fehlern hinterlässt nichts (keine Seite, "
        "keine Gruppen, keine Sammlung, keinen Workflow). Weitere Freigabe-Konten kommen "
        "später unter *Einstellungen → Benutzer* in die Gruppe.",
        "- **Auf der Kommandozeile**: `manage.py add_city … --approver <Benutzername oder "
        "E-Mail> [--approver-email <E-Mail eines neuen Kontos>]`; ein neues Konto bekommt "
        "ein zufälliges Passwort, das einmal ausgegeben wird (oder `--approver-password`).",
        "",
        "## Workflows",
        "",
        "- **Freigabe durch die Stadt – <Stadt>** liegt auf jeder Stadtseite und gilt für "
        "ihre Projekte und Erfahrungen; freigeben darf nur „<Stadt> – Freigabe“.",
        "- **Freigabe Wissensbereich** liegt auf der Wissensübersicht; freigeben darf die "
        "Freigabe-Gruppe jeder Stadt.",
        "- **Nachrichten** und die übrigen Seiten (Startseite, Standardseiten) haben keinen "
        "Workflow: Die Presse veröffentlicht Nachrichten selbst, alles Übrige veröffentlicht "
        "die Administration.",
        "- Wagtails mitgelieferter Workflow „Moderators approval“ (Prüfung durch Wagtails "
        "Standardgruppe „Moderators“) sitzt nicht mehr auf der Wurzelseite und ist, wenn "
        "ihn sonst nichts nutzt, abgeschaltet (Migration `registry/0004`): Er hätte jede "
        "Seite ohne eigenen Workflow einer Gruppe vorgelegt, der im Verbund niemand "
        "angehört. Wer ihn braucht, schaltet ihn unter *Einstellungen → Workflows* wieder "
        "ein und weist ihn gezielt zu.",
        "",
    ]
    return "\n".join(lines + probe_section())


def probe_section() -> list[str]:
    figures = coverage()
    lines = [
        "## Jede Admin-Adresse gegen die andere Stadt",
        "",
        "Neben der Matrix prüft `tests/governance/test_admin_probe.py` jede URL, die der "
        "Wagtail-Admin unter `/admin/` kennt, ohne dass jemand einen Test für sie schreibt: "
        "Die Muster werden aus Djangos URL-Auflösung gelesen (`tests/governance/admin_probe.py`), "
        "jedes Argument (Seite, Version, Workflow-Schritt, Kontakt, Anfrage, Bild, Dokument, "
        "Sammlung, Gruppe, Benutzer …) wird mit einem Objekt Rostocks gefüllt, Listen und "
        "Suchen bekommen den Suchbegriff „Rostock“. Redaktion und Freigabe Lübecks rufen jede "
        "Adresse mit GET und mit POST auf. Bestanden ist ein Fall, wenn die Antwort nichts von "
        "Rostock zeigt, was Lesende der Website nicht sehen (keinen Entwurfstitel, keinen Titel "
        "einer unveröffentlichten oder geschützten Seite, keinen Kontakt, keine anfragende "
        "Person, keinen Datei- oder Benutzernamen) und sich in der Datenbank nichts geändert "
        "hat; eine Ablehnung (403, 404, 405, Umleitung) erfüllt das von selbst. Der "
        "veröffentlichte Titel einer veröffentlichten, öffentlichen Seite ist kein Geheimnis: "
        "Er steht für alle auf der Website.",
        "",
        f"- Admin-URL-Muster insgesamt: **{figures['patterns']}**",
        f"- davon mit Argumenten (Objekt-Id, Modell, Aktion): **{figures['with_arguments']}**, "
        f"gegen Rostock gefüllt und geprüft: **{figures['with_arguments_probed']}**",
        f"- geprüfte Muster insgesamt: **{figures['probed']}**; mit den Varianten "
        f"(Sammelaktionen je Modell, Aktionen der Admin-API, Workflow-Aktionen) "
        f"**{figures['cases']}** Anfragen je Rolle und Methode",
        "",
        "Nicht geprüft werden nur diese Muster, weil sie kein Objekt einer Stadt nehmen:",
        "",
    ]
    lines += [f"- `{route}`: {reason}" for route, reason in figures["allow_list"].items()]
    lines += [
        f"- `{case.label}`: **nicht füllbar** ({case.reason})" for case in figures["unfillable"]
    ]
    lines += [
        "",
        "Ein Muster, das die Sonde nicht füllen kann und das nicht auf dieser Liste steht, "
        "lässt seinen Test scheitern.",
        "",
    ]
    return lines


if __name__ == "__main__":
    target = ROOT / "docs" / "permissions.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"geschrieben: {target}")
