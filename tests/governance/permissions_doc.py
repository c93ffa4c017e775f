"""
Write docs/permissions.md from the table the permission tests assert
(`EXPECTED_OWN` in test_permission_matrix.py), so the document cannot drift
from what is tested.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python tests/governance/permissions_doc.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import django  # noqa: E402

django.setup()

from tests.governance.test_permission_matrix import (  # noqa: E402
    ACTIONS,
    EXPECTED_OWN,
    OTHER_CITY_ROLES,
)

ROLE_NAMES = {
    "editor": "Redaktion (eigene Stadt)",
    "moderator": "Freigabe (eigene Stadt)",
    "alliance": "Verbund – Administration",
    "press": "Presse",
}


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
        "| Aktion | " + " | ".join(columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for action in ACTIONS:
        cells = ["ja" if EXPECTED_OWN[role][action] else "nein" for role in EXPECTED_OWN]
        cells += ["nein"] * len(OTHER_CITY_ROLES)
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
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
        "Benutzer anlegen und ändern, Handlungsfelder, alle Kontakte.",
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
        "(`registry.governance.city_governance_rename`); die Rechte bleiben, denn sie hängen "
        "an der Stadtseite, nicht am Namen.",
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
        "neuen Freigabe-Kontos**. Ein neues Konto hat zunächst kein Passwort; die Person "
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
    return "\n".join(lines)


if __name__ == "__main__":
    target = ROOT / "docs" / "permissions.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"geschrieben: {target}")
