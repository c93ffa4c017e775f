"""
The demo content of the Hanse Wissensnetz, as plain data.

`manage.py load_demo_content` reads these structures and creates pages,
contacts and users from them (see `home/management/commands/load_demo_content.py`).
Keeping the words apart from the loading code lets an editor correct a text
without reading Python logic, and lets tests import the same data they check.

Real and invented content
-------------------------
Only the facts in `/work/shared/demo-facts.md` are real: the four cities'
official data, their UNESCO and "Modellprojekte Smart Cities" status, and the
signing of the declaration of intent on 25 October 2023. Those pages (home,
"Über den Verbund", the city pages, the founding news) carry no marker.

Everything else (projects, lessons, wiki articles, the other news, contacts,
users) is invented. The convention for marking it:

- Page titles stay clean, so the tree and menus read naturally.
- The summary (or the teaser of a news page) starts with ``DEMO_PREFIX``
  ("Demo-Inhalt: "). The loader adds the prefix; the data below does not
  repeat it.
- The body starts with the matching ``DEMO_NOTICE`` as its first paragraph,
  so the marker is visible on the page itself, not only in listings.
- Invented persons have placeholder names (Mustermann, Beispiel …), their role
  ends in "(Demo)", and every e-mail address and phone number is fake
  (``*.example`` domains, numbers of the form ``+49 451 000-0000``).
- Placeholder legal pages (Impressum, Datenschutz, Barrierefreiheit) start
  their intro with ``DEMO_PREFIX`` and say that the operator must fill them in.

Every page has an explicit slug: it is the stable key by which a second run
recognises what the first run created, so a title can be corrected here
without creating a duplicate page.
"""

import datetime

DEMO_PREFIX = "Demo-Inhalt: "
# The first paragraph of every invented page, by kind of page.
DEMO_NOTICE = {
    "project": "Demo-Inhalt: Dieses Projekt ist erfunden und dient nur der Vorführung.",
    "lesson": "Demo-Inhalt: Diese Erfahrung ist erfunden und dient nur der Vorführung.",
    "article": "Demo-Inhalt: Dieser Artikel ist erfunden und dient nur der Vorführung.",
    "news": "Demo-Inhalt: Diese Meldung ist erfunden und dient nur der Vorführung.",
}

# Obviously fake, for local development only; never use it on a reachable server.
DEMO_PASSWORD = "hanse-demo-2023"

FOUNDING_DATE = datetime.date(2023, 10, 25)


# --------------------------------------------------------------------------
# Home page and sections
# --------------------------------------------------------------------------

HOME_PAGE = {
    "title": "Hanse Wissensnetz",
    "intro": (
        "Das Wissensnetz der Hansestädte Lübeck, Rostock, Stralsund und Wismar: digitale "
        "Projekte, Erfahrungen und Ansprechpersonen auf dem Weg zur Smart City – zum "
        "Nachnutzen, Nachfragen und Mitmachen."
    ),
}

CITY_INDEX_PAGE = {
    "slug": "staedte",
    "title": "Städte",
    "show_in_menus": True,
    "intro": (
        "Die Mitgliedsstädte des Verbunds mit ihren digitalen Projekten und Ansprechpersonen."
    ),
}

KNOWLEDGE_INDEX_PAGE = {
    "slug": "wissen",
    "title": "Wissen",
    "show_in_menus": True,
    "intro": (
        "Leitfäden, die über eine einzelne Stadt hinausreichen: Was die Städte bei "
        "Vergabe, Betrieb und Nachnutzung digitaler Lösungen gelernt haben."
    ),
}

NEWS_INDEX_PAGE = {
    "slug": "aktuelles",
    "title": "Aktuelles",
    "show_in_menus": True,
    "intro": "Meldungen aus dem Verbund der Hansestädte.",
}


# --------------------------------------------------------------------------
# Standard pages
# --------------------------------------------------------------------------
# Body entries are ("heading", text) or ("paragraph", rich-text HTML).

STANDARD_PAGES = [
    {
        "slug": "ueber-den-verbund",
        "title": "Über den Verbund",
        "show_in_menus": True,
        "intro": (
            "Lübeck, Rostock, Stralsund und Wismar arbeiten seit dem 25. Oktober 2023 "
            "gemeinsam an der Smart City."
        ),
        "body": [
            ("heading", "Eine Absichtserklärung als Anfang"),
            (
                "paragraph",
                "<p>Am 25. Oktober 2023 haben die Verwaltungsspitzen der Hansestädte Lübeck, "
                "Rostock, Stralsund und Wismar an Bord des Hanseschiff-Nachbaus "
                "<i>Lisa von Lübeck</i> eine gemeinsame Absichtserklärung unterzeichnet. Die "
                "Städte wollen digitale Lösungen gemeinsam entwickeln und betreiben, ihre Kräfte "
                "bündeln, Synergien schaffen und so die Lebensqualität der Bürgerinnen und "
                "Bürger verbessern.</p>",
            ),
            ("heading", "Was der Verbund erreichen will"),
            (
                "paragraph",
                "<ul><li>Ressourcen effizient einsetzen</li>"
                "<li>Städte intelligent vernetzen und Wissen weitergeben</li>"
                "<li>wirtschaftlich zusammenarbeiten</li>"
                "<li>die Daseinsvorsorge modern gestalten</li>"
                "<li>Bürgerinnen und Bürger beteiligen</li></ul>",
            ),
            (
                "paragraph",
                "<p>Die Hanse des Mittelalters war ein Motor für Innovation. Der Verbund knüpft "
                "daran an, ist aber offen für weitere interessierte Kommunen – auch für Städte "
                "ohne hanseatische Tradition.</p>",
            ),
            ("heading", "Die Mitgliedsstädte"),
            (
                "paragraph",
                "<p>Lübeck und Rostock gehören zu den Modellprojekten Smart Cities des Bundes "
                "(Staffel 2020). Die Altstädte von Stralsund und Wismar sind seit 2002 "
                "gemeinsam UNESCO-Welterbe, die Lübecker Altstadt ist es seit 1987.</p>",
            ),
            ("heading", "Über diese Website"),
            (
                "paragraph",
                "<p>Das Hanse Wissensnetz sammelt die digitalen Projekte der Städte, die "
                "Erfahrungen daraus und die Menschen, die man dazu fragen kann. In dieser "
                "Vorführfassung sind alle Projekte, Erfahrungen, Wissensartikel und Kontakte "
                "erfunden; sie sind mit „Demo-Inhalt“ gekennzeichnet.</p>",
            ),
        ],
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "show_in_menus": False,
        "intro": (
            "Demo-Inhalt: Platzhalter. Der Betreiber der Website muss dieses Impressum vor "
            "der Veröffentlichung mit seinen eigenen Angaben ausfüllen."
        ),
        "body": [
            ("heading", "Angaben gemäß § 5 DDG"),
            (
                "paragraph",
                "<p>[Platzhalter: Name der betreibenden Kommune oder Stelle]<br/>"
                "[Platzhalter: Anschrift]<br/>"
                "[Platzhalter: Vertretungsberechtigte Person]</p>",
            ),
            ("heading", "Kontakt"),
            (
                "paragraph",
                "<p>E-Mail: wissensnetz@betreiber.example<br/>Telefon: +49 451 000-0000 (Demo)</p>",
            ),
            ("heading", "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"),
            ("paragraph", "<p>[Platzhalter: Name und Anschrift der verantwortlichen Person]</p>"),
            ("heading", "Inhalte der Mitgliedsstädte"),
            (
                "paragraph",
                "<p>[Platzhalter: Hinweis, dass jede Mitgliedsstadt für die Projekte, Erfahrungen "
                "und Kontakte ihrer Stadt selbst verantwortlich ist.]</p>",
            ),
        ],
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "show_in_menus": False,
        "intro": (
            "Demo-Inhalt: Platzhalter. Der Betreiber der Website muss diese "
            "Datenschutzerklärung vor der Veröffentlichung mit seiner oder seinem "
            "Datenschutzbeauftragten erarbeiten und ausfüllen."
        ),
        "body": [
            ("heading", "Verantwortliche Stelle"),
            ("paragraph", "<p>[Platzhalter: Name und Anschrift der verantwortlichen Stelle]</p>"),
            ("heading", "Datenschutzbeauftragte oder Datenschutzbeauftragter"),
            ("paragraph", "<p>[Platzhalter: Kontakt, z. B. datenschutz@betreiber.example]</p>"),
            ("heading", "Welche Daten beim Besuch anfallen"),
            (
                "paragraph",
                "<p>[Platzhalter: Server-Protokolle, Speicherdauer, Rechtsgrundlage.] Die "
                "Website bindet keine Inhalte Dritter ein. Ein Cookie wird nur gesetzt, wenn "
                "sich Partner anmelden oder ein Formular es erfordert.</p>",
            ),
            ("heading", "Kontaktangaben im Register"),
            (
                "paragraph",
                "<p>[Platzhalter: Rechtsgrundlage für die Veröffentlichung dienstlicher "
                "Kontaktdaten; Kontakte mit der Sichtbarkeit „Nur angemeldete Partner“ sind "
                "öffentlich nicht sichtbar.]</p>",
            ),
            ("heading", "Ihre Rechte"),
            (
                "paragraph",
                "<p>[Platzhalter: Auskunft, Berichtigung, Löschung, Einschränkung, Widerspruch "
                "und Beschwerderecht bei der zuständigen Datenschutz-Aufsichtsbehörde.]</p>",
            ),
        ],
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "show_in_menus": False,
        "intro": (
            "Demo-Inhalt: Platzhalter. Der Betreiber der Website muss diese Erklärung vor "
            "der Veröffentlichung auf Grundlage einer Prüfung ausfüllen; die "
            "Kontaktangaben unten sind erfunden."
        ),
        "body": [
            (
                "paragraph",
                "<p>[Platzhalter: Name der betreibenden Stelle] ist bemüht, diese Website im "
                "Einklang mit den Vorschriften zur barrierefreien Informationstechnik "
                "barrierefrei zugänglich zu machen.</p>",
            ),
            ("heading", "Stand der Vereinbarkeit mit den Anforderungen"),
            (
                "paragraph",
                "<p>Diese Website ist mit den Anforderungen der Barrierefreie-"
                "Informationstechnik-Verordnung (BITV 2.0), die auf die Norm EN 301 549 und "
                "die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA verweist, "
                "teilweise vereinbar. Die unten genannten Inhalte sind noch nicht "
                "barrierefrei.</p>"
                "<p>Grundlage der Bewertung ist eine Selbstbewertung: automatische Prüfungen "
                "mit axe-core in einem echten Browser auf jedem Seitentyp (deutsch und "
                "englisch), eine Bedienung nur mit der Tastatur sowie Prüfungen der "
                "Darstellung bei 320 Pixel Breite und 200 % Vergrößerung. [Platzhalter: "
                "Prüfung durch eine externe Prüfstelle, z. B. BITV-Test, ergänzen.]</p>",
            ),
            ("heading", "Nicht barrierefreie Inhalte"),
            (
                "paragraph",
                "<p>Folgende Inhalte sind nicht oder nicht vollständig barrierefrei:</p>"
                "<ul>"
                "<li>Die englische Fassung übersetzt nur die Bedienoberfläche; Seiteninhalte "
                "wie Projektbeschreibungen erscheinen dort weiterhin auf Deutsch.</li>"
                "<li>Von den Mitgliedsstädten hochgeladene Dokumente (z. B. PDF-Dateien) "
                "sind nicht alle barrierefrei. Auf Anfrage stellen wir sie in "
                "barrierefreier Form bereit.</li>"
                "<li>Die Karte der Städte ist schematisch und nicht maßstabsgetreu; die Städte "
                "stehen zusätzlich als Liste mit Links auf derselben Seite.</li>"
                "<li>Texte in Leichter Sprache und Informationen in Deutscher "
                "Gebärdensprache fehlen noch.</li>"
                "<li>Der Redaktionsbereich (Wagtail) wurde nicht eigens geprüft.</li>"
                "</ul>",
            ),
            ("heading", "Erstellung dieser Erklärung zur Barrierefreiheit"),
            (
                "paragraph",
                "<p>Diese Erklärung wurde am 27. November 2026 erstellt und beruht auf der "
                "oben genannten Selbstbewertung. Sie wird bei jeder wesentlichen Änderung der "
                "Website, mindestens aber einmal im Jahr, überprüft. [Platzhalter: Datum der "
                "letzten Überprüfung.]</p>",
            ),
            ("heading", "Feedback und Kontaktangaben"),
            (
                "paragraph",
                "<p>Sie können uns Mängel bei der Barrierefreiheit mitteilen oder Inhalte in "
                "barrierefreier Form anfordern. Wir antworten in der Regel innerhalb von "
                "zwei Wochen:</p>"
                "<p>E-Mail: barrierefreiheit@betreiber.example (Demo)<br/>"
                "Telefon: +49 451 000-0009 (Demo)<br/>"
                "Anschrift: [Platzhalter]</p>",
            ),
            ("heading", "Durchsetzungsverfahren"),
            (
                "paragraph",
                "<p>Wenn Sie auf Ihre Mitteilung keine zufriedenstellende Antwort erhalten, "
                "können Sie ein Schlichtungs- bzw. Durchsetzungsverfahren einleiten. Für "
                "öffentliche Stellen des Bundes ist die Schlichtungsstelle nach § 16 "
                "Behindertengleichstellungsgesetz (BGG) zuständig. Diese Website wird von "
                "Kommunen betrieben; für sie gilt das Landesrecht, zuständig ist daher die "
                "Schlichtungsstelle des Landes (Schleswig-Holstein bzw. "
                "Mecklenburg-Vorpommern).</p>"
                "<p>[Platzhalter: Name, Anschrift und Website der zuständigen Stelle des "
                "Landes.]</p>",
            ),
        ],
    },
]


# --------------------------------------------------------------------------
# Cities (real facts only, see demo-facts.md)
# --------------------------------------------------------------------------

CITIES = [
    {
        "slug": "luebeck",
        "title": "Lübeck",
        "official_name": "Hansestadt Lübeck",
        "federal_state": "01",
        "district": "kreisfreie Stadt",
        "municipality_key": "01003000",
        "population": 218_095,
        "population_date": datetime.date(2022, 12, 31),
        "latitude": "53.86970",
        "longitude": "10.68640",
        "website": "https://www.luebeck.de",
        "member_since": FOUNDING_DATE,
        "membership_status": "member",
        "portrait": (
            "<p>Die Hansestadt Lübeck ist eine kreisfreie Stadt in Schleswig-Holstein mit "
            "rund 218.000 Einwohnerinnen und Einwohnern. Ihre Altstadt ist seit 1987 "
            "UNESCO-Welterbe.</p>"
            "<p>Lübeck gehört zu den <b>Modellprojekten Smart Cities</b> des Bundes "
            "(Staffel 2020) und ist Gründungsmitglied des Verbunds der Hansestädte.</p>"
        ),
    },
    {
        "slug": "rostock",
        "title": "Rostock",
        "official_name": "Hanse- und Universitätsstadt Rostock",
        "federal_state": "13",
        "district": "kreisfreie Stadt",
        "municipality_key": "13003000",
        "population": 209_920,
        "population_date": datetime.date(2022, 12, 31),
        "latitude": "54.08860",
        "longitude": "12.14030",
        "website": "https://rathaus.rostock.de",
        "member_since": FOUNDING_DATE,
        "membership_status": "member",
        "portrait": (
            "<p>Die Hanse- und Universitätsstadt Rostock ist eine kreisfreie Stadt in "
            "Mecklenburg-Vorpommern mit rund 210.000 Einwohnerinnen und Einwohnern.</p>"
            "<p>Rostock gehört zu den <b>Modellprojekten Smart Cities</b> des Bundes "
            "(Staffel 2020) und ist Gründungsmitglied des Verbunds der Hansestädte.</p>"
        ),
    },
    {
        "slug": "stralsund",
        "title": "Stralsund",
        "official_name": "Hansestadt Stralsund",
        "federal_state": "13",
        "district": "Landkreis Vorpommern-Rügen",
        "municipality_key": "13073088",
        "population": 59_205,
        "population_date": datetime.date(2020, 12, 31),
        "latitude": "54.30910",
        "longitude": "13.08180",
        "website": "https://www.stralsund.de",
        "member_since": FOUNDING_DATE,
        "membership_status": "member",
        "portrait": (
            "<p>Die Hansestadt Stralsund liegt im Landkreis Vorpommern-Rügen in "
            "Mecklenburg-Vorpommern und hat rund 59.000 Einwohnerinnen und Einwohner.</p>"
            "<p>Die Altstädte von Stralsund und Wismar sind seit 2002 gemeinsam "
            "UNESCO-Welterbe. Stralsund ist Gründungsmitglied des Verbunds der "
            "Hansestädte.</p>"
        ),
    },
    {
        "slug": "wismar",
        "title": "Wismar",
        "official_name": "Hansestadt Wismar",
        "federal_state": "13",
        "district": "Landkreis Nordwestmecklenburg",
        "municipality_key": "13074087",
        "population": 43_878,
        "population_date": datetime.date(2022, 12, 31),
        "latitude": "53.89250",
        "longitude": "11.46540",
        "website": "https://www.wismar.de",
        "member_since": FOUNDING_DATE,
        "membership_status": "member",
        "portrait": (
            "<p>Die Hansestadt Wismar liegt im Landkreis Nordwestmecklenburg in "
            "Mecklenburg-Vorpommern und hat rund 44.000 Einwohnerinnen und Einwohner.</p>"
            "<p>Die Altstädte von Wismar und Stralsund sind seit 2002 gemeinsam "
            "UNESCO-Welterbe. Wismar ist Gründungsmitglied des Verbunds der "
            "Hansestädte.</p>"
        ),
    },
]


# --------------------------------------------------------------------------
# Contacts (all invented; identified by name and city)
# --------------------------------------------------------------------------

CONTACTS = [
    # Lübeck
    {
        "city": "luebeck",
        "name": "Smart-City-Büro Lübeck",
        "is_function": True,
        "role": "Koordination Smart City (Demo)",
        "organisation": "Hansestadt Lübeck",
        "email": "smartcity@luebeck.example",
        "phone": "+49 451 000-0000",
        "visibility": "public",
    },
    {
        "city": "luebeck",
        "name": "Erika Mustermann",
        "is_function": False,
        "role": "Projektleitung (Demo)",
        "organisation": "Hansestadt Lübeck",
        "email": "erika.mustermann@luebeck.example",
        "phone": "+49 451 000-0001",
        "visibility": "public",
    },
    {
        "city": "luebeck",
        "name": "Max Mustermann",
        "is_function": False,
        "role": "Vergabe und Beschaffung (Demo)",
        "organisation": "Hansestadt Lübeck",
        "email": "max.mustermann@luebeck.example",
        "phone": "+49 451 000-0002",
        "visibility": "partners",
    },
    # Rostock
    {
        "city": "rostock",
        "name": "Smart-City-Büro Rostock",
        "is_function": True,
        "role": "Koordination Smart City (Demo)",
        "organisation": "Hanse- und Universitätsstadt Rostock",
        "email": "smartcity@rostock.example",
        "phone": "+49 381 000-0000",
        "visibility": "public",
    },
    {
        "city": "rostock",
        "name": "Anna Beispiel",
        "is_function": False,
        "role": "Projektleitung (Demo)",
        "organisation": "Hanse- und Universitätsstadt Rostock",
        "email": "anna.beispiel@rostock.example",
        "phone": "+49 381 000-0001",
        "visibility": "public",
    },
    {
        "city": "rostock",
        "name": "Jonas Platzhalter",
        "is_function": False,
        "role": "Datenplattform und Betrieb (Demo)",
        "organisation": "Hanse- und Universitätsstadt Rostock",
        "email": "jonas.platzhalter@rostock.example",
        "phone": "+49 381 000-0002",
        "visibility": "partners",
    },
    # Stralsund
    {
        "city": "stralsund",
        "name": "Smart-City-Büro Stralsund",
        "is_function": True,
        "role": "Koordination Smart City (Demo)",
        "organisation": "Hansestadt Stralsund",
        "email": "smartcity@stralsund.example",
        "phone": "+49 3831 000-000",
        "visibility": "public",
    },
    {
        "city": "stralsund",
        "name": "Lena Musterfrau",
        "is_function": False,
        "role": "Projektleitung (Demo)",
        "organisation": "Hansestadt Stralsund",
        "email": "lena.musterfrau@stralsund.example",
        "phone": "+49 3831 000-001",
        "visibility": "partners",
    },
    {
        "city": "stralsund",
        "name": "Tim Exempel",
        "is_function": False,
        "role": "Technik und Sensorik (Demo)",
        "organisation": "Hansestadt Stralsund",
        "email": "tim.exempel@stralsund.example",
        "phone": "+49 3831 000-002",
        "visibility": "public",
    },
    # Wismar
    {
        "city": "wismar",
        "name": "Smart-City-Büro Wismar",
        "is_function": True,
        "role": "Koordination Smart City (Demo)",
        "organisation": "Hansestadt Wismar",
        "email": "smartcity@wismar.example",
        "phone": "+49 3841 000-000",
        "visibility": "public",
    },
    {
        "city": "wismar",
        "name": "Clara Probe",
        "is_function": False,
        "role": "Projektleitung (Demo)",
        "organisation": "Hansestadt Wismar",
        "email": "clara.probe@wismar.example",
        "phone": "+49 3841 000-001",
        "visibility": "public",
    },
    {
        "city": "wismar",
        "name": "Paul Vorlage",
        "is_function": False,
        "role": "IT-Betrieb (Demo)",
        "organisation": "Hansestadt Wismar",
        "email": "paul.vorlage@wismar.example",
        "phone": "+49 3841 000-002",
        "visibility": "partners",
    },
]

CONTACT_LAST_CONFIRMED = datetime.date(2026, 9, 1)


# --------------------------------------------------------------------------
# Projects and their lessons (all invented)
# --------------------------------------------------------------------------
# "contacts" name contacts from CONTACTS (names are unique there) with the role
# in this project; "partner_cities" and "fields_of_action" use slugs.

PROJECTS = {
    "luebeck": [
        {
            "slug": "parkleitsystem-altstadt",
            "title": "Sensorgestützte Parkleitung Altstadt",
            "summary": (
                "Bodensensoren melden freie Stellplätze am Rand der Altstadtinsel; Anzeigetafeln "
                "und eine offene Schnittstelle leiten Autofahrende direkt dorthin und "
                "verringern den Parksuchverkehr."
            ),
            "status": "operation",
            "fields_of_action": ["mobilitaet", "digitale-infrastruktur"],
            "tags": ["Parken", "Sensorik", "LoRaWAN", "Open Data"],
            "start_date": datetime.date(2021, 3, 1),
            "end_date": datetime.date(2023, 6, 30),
            "investment_eur": 480_000,
            "operating_cost_eur": 36_000,
            "funding_source": "Eigenmittel",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": False,
            "reusable_data": True,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<ul><li>ein LoRaWAN-Netz mit Abdeckung der Parkflächen</li>"
                "<li>Tiefbau für den Einbau der Bodensensoren</li>"
                "<li>etwa eine halbe Stelle für Betrieb und Störungsbehebung</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 6, 15),
            "partner_cities": [],
            "contacts": [
                ("Erika Mustermann", "Projektleitung"),
                ("Smart-City-Büro Lübeck", "Allgemeine Anfragen"),
            ],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Rund um die Altstadtinsel suchten Besucherinnen und Besucher "
                    "lange nach einem freien Parkplatz. Der Suchverkehr belastete "
                    "Anwohnende und Luft.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Etwa 900 Bodensensoren erkennen, ob ein Stellplatz belegt "
                    "ist, und funken den Zustand über LoRaWAN an die Datenplattform. "
                    "Sechs Anzeigetafeln an den Einfallstraßen zeigen die freien "
                    "Plätze je Zone.</p>",
                ),
                ("heading", "Ergebnisse"),
                (
                    "paragraph",
                    "<p>Die Belegungsdaten stehen als offene Daten bereit. Die "
                    "Suchzeiten in den Zonen mit Sensoren sind spürbar gesunken.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "batteriewechsel-einplanen",
                    "title": "Batteriewechsel von Anfang an einplanen",
                    "summary": (
                        "Die Batterien der Bodensensoren hielten kürzer als "
                        "angegeben; der Wechsel erfordert Tiefbau und kostet "
                        "Geld, das im Betrieb fehlte."
                    ),
                    "kind": "obstacle",
                    "phase": "operation",
                    "tags": ["Sensorik", "Parken"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Der Hersteller versprach acht Jahre Laufzeit. "
                            "Bei kurzen Sendeintervallen waren die ersten "
                            "Batterien nach vier Jahren leer.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Sendeintervall und Batterielaufzeit vertraglich "
                        "verknüpfen und den Wechsel als Leistung mit "
                        "ausschreiben.</p>"
                    ),
                },
                {
                    "slug": "anzeigetafeln-frueh-abstimmen",
                    "title": "Anzeigetafeln früh mit Denkmalpflege abstimmen",
                    "summary": (
                        "Die frühe Abstimmung mit der Denkmalpflege über Standorte "
                        "und Gestaltung der Tafeln hat Verzögerungen in der "
                        "Umsetzung verhindert."
                    ),
                    "kind": "success_factor",
                    "phase": "planning",
                    "tags": ["Denkmalpflege", "Parken"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Schon im Konzept wurden die Standorte mit der "
                            "Denkmalpflege begangen; die Genehmigung lag vor "
                            "Baubeginn vor.</p>",
                        ),
                    ],
                    "do_differently": "<p>Nichts – wir würden es wieder so machen.</p>",
                },
            ],
        },
        {
            "slug": "lorawan-verbundbeschaffung",
            "title": "Gemeinsame Beschaffung LoRaWAN-Netz",
            "summary": (
                "Die vier Hansestädte schreiben Gateways, Netzserver und Betrieb eines "
                "LoRaWAN-Netzes gemeinsam aus; Lübeck führt das Vergabeverfahren für den "
                "Verbund."
            ),
            "status": "pilot",
            "fields_of_action": ["digitale-infrastruktur"],
            "tags": ["LoRaWAN", "Sensorik", "Vergabe", "Interkommunale Zusammenarbeit"],
            "start_date": datetime.date(2023, 11, 15),
            "end_date": datetime.date(2026, 12, 31),
            "investment_eur": 620_000,
            "operating_cost_eur": 48_000,
            "funding_source": "Eigenmittel der vier Städte (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": False,
            "reusable_data": False,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<ul><li>eine Vereinbarung über die gemeinsame Vergabe</li>"
                "<li>Standorte für Gateways auf städtischen Gebäuden</li>"
                "<li>eine Vergabestelle, die das Verfahren für alle führt</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 10, 1),
            "partner_cities": ["rostock", "stralsund", "wismar"],
            "contacts": [
                ("Max Mustermann", "Vergabe"),
                ("Erika Mustermann", "Projektleitung"),
                ("Tim Exempel", "Technik Stralsund"),
                ("Paul Vorlage", "Technik Wismar"),
            ],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Jede Stadt brauchte ein Funknetz für Sensoren, keine wollte "
                    "allein ausschreiben und betreiben.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Eine gemeinsame Leistungsbeschreibung mit Losen je Stadt. "
                    "Netzserver und Betrieb werden zentral beauftragt, die Gateways "
                    "je Stadt abgerufen.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "vergaberecht-interkommunal",
                    "title": "Interkommunale Vergabe braucht eine Vereinbarung vorab",
                    "summary": (
                        "Ohne schriftliche Vereinbarung über Federführung, Kosten "
                        "und Haftung stockte die gemeinsame Ausschreibung "
                        "monatelang."
                    ),
                    "kind": "obstacle",
                    "phase": "procurement",
                    "tags": ["Vergabe", "Interkommunale Zusammenarbeit"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Erst als die Rechtsämter aller vier Städte einer "
                            "Vereinbarung zugestimmt hatten, konnte die "
                            "federführende Stadt das Verfahren eröffnen.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Die Vereinbarung zuerst schließen, dann die "
                        "Leistungsbeschreibung schreiben.</p>"
                    ),
                },
                {
                    "slug": "lose-je-stadt",
                    "title": "Lose je Stadt halten die Beschaffung beweglich",
                    "summary": (
                        "Die Aufteilung in Lose je Stadt erlaubte jeder Stadt, "
                        "in ihrem Tempo Gateways abzurufen."
                    ),
                    "kind": "recommendation",
                    "phase": "procurement",
                    "tags": ["Vergabe", "LoRaWAN"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Lübeck rief sofort ab, Wismar erst nach dem "
                            "Haushaltsbeschluss – ohne neues Verfahren.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Mindestabnahmemengen niedrig ansetzen, damit "
                        "kleine Städte nicht überfordert werden.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "digitaler-bauantrag",
            "title": "Digitaler Bauantrag",
            "summary": (
                "Bauanträge werden vollständig online gestellt, geprüft und beschieden; ein "
                "quelloffener Assistent hilft Antragstellenden, vollständige Unterlagen "
                "einzureichen."
            ),
            "status": "completed",
            "fields_of_action": ["verwaltung", "stadtentwicklung"],
            "tags": ["Onlinezugang", "Open Source"],
            "start_date": datetime.date(2021, 9, 1),
            "end_date": datetime.date(2024, 3, 31),
            "investment_eur": 350_000,
            "operating_cost_eur": 22_000,
            "funding_source": "Eigenmittel und Landesförderung (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": True,
            "reusable_data": False,
            "repository_url": "https://gitlab.example.org/hanse-demo/bauantrag-assistent",
            "licence": "MIT",
            "adoption_requirements": (
                "<ul><li>eine Bauaufsicht, die mit elektronischen Akten arbeitet</li>"
                "<li>Anbindung an das Servicekonto des Landes</li>"
                "<li>Betrieb eines Containers auf der eigenen Plattform</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 3, 10),
            "partner_cities": [],
            "contacts": [("Smart-City-Büro Lübeck", "Ansprechstelle")],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Unvollständige Anträge auf Papier verzögerten jedes zweite Verfahren.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Ein Online-Assistent fragt Schritt für Schritt die "
                    "nötigen Unterlagen ab; die Bauaufsicht bearbeitet den Antrag "
                    "in der elektronischen Akte.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "fachamt-frueh-einbinden",
                    "title": "Das Fachamt von Anfang an im Projektteam",
                    "summary": (
                        "Weil Sachbearbeiterinnen der Bauaufsicht im Team saßen, "
                        "passte der Assistent zu den tatsächlichen Prüfschritten."
                    ),
                    "kind": "success_factor",
                    "phase": "implementation",
                    "tags": ["Onlinezugang"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Zwei Beschäftigte der Bauaufsicht waren je einen "
                            "Tag pro Woche für das Projekt freigestellt.</p>",
                        ),
                    ],
                    "do_differently": "<p>Die Freistellung schriftlich vereinbaren.</p>",
                },
            ],
        },
        {
            "slug": "altstadt-3d-modelle",
            "title": "3D-Modelle der Welterbe-Altstädte",
            "summary": (
                "Lübeck, Stralsund und Wismar wollen ihre Welterbe-Altstädte als offene "
                "3D-Modelle erfassen – für Denkmalpflege, Planung und digitale "
                "Stadtführungen."
            ),
            "status": "planning",
            "fields_of_action": [
                "stadtentwicklung",
                "wirtschaft-tourismus",
                "datenplattformen-open-data",
            ],
            "tags": ["Denkmalpflege", "Digitaler Zwilling", "Open Data", "Tourismus"],
            "start_date": datetime.date(2025, 1, 1),
            "end_date": datetime.date(2027, 12, 31),
            "investment_eur": 900_000,
            "operating_cost_eur": 40_000,
            "funding_source": "Förderantrag in Vorbereitung (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": False,
            "reusable_data": True,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<p>Befliegungs- oder Scandaten und eine Datenplattform, die "
                "3D-Formate ausliefern kann.</p>"
            ),
            "last_reviewed": datetime.date(2026, 5, 20),
            "partner_cities": ["stralsund", "wismar"],
            "contacts": [
                ("Erika Mustermann", "Projektleitung"),
                ("Lena Musterfrau", "Ansprechpartnerin Stralsund"),
                ("Clara Probe", "Ansprechpartnerin Wismar"),
            ],
            "body": [
                ("heading", "Ziel"),
                (
                    "paragraph",
                    "<p>Ein gemeinsames, offenes 3D-Modell der drei "
                    "Welterbe-Altstädte mit einheitlichem Detaillierungsgrad.</p>",
                ),
                ("heading", "Stand"),
                (
                    "paragraph",
                    "<p>Die Städte stimmen Datenformat, Nutzungsrechte und die "
                    "Aufteilung der Kosten ab.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "nutzungsrechte-klaeren",
                    "title": "Nutzungsrechte an Scandaten vor der Vergabe klären",
                    "summary": (
                        "Ein Angebot sah vor, dass die Scandaten beim Dienstleister "
                        "bleiben; offene Daten wären so unmöglich gewesen."
                    ),
                    "kind": "obstacle",
                    "phase": "procurement",
                    "tags": ["Open Data", "Vergabe"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Erst in der Markterkundung fiel auf, dass die "
                            "Leistungsbeschreibung die Rechte an den Rohdaten "
                            "nicht regelte.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Uneingeschränkte Nutzungsrechte und eine offene "
                        "Lizenz als Mindestanforderung festschreiben.</p>"
                    ),
                },
            ],
        },
    ],
    "rostock": [
        {
            "slug": "urbane-datenplattform",
            "title": "Urbane Datenplattform der Hansestädte",
            "summary": (
                "Eine gemeinsam betriebene, quelloffene Datenplattform sammelt Sensor- und "
                "Verwaltungsdaten der vier Städte und stellt sie über offene Schnittstellen "
                "bereit."
            ),
            "status": "operation",
            "fields_of_action": ["datenplattformen-open-data", "digitale-infrastruktur"],
            "tags": [
                "Datenplattform",
                "Open Data",
                "Open Source",
                "Sensorik",
                "Interkommunale Zusammenarbeit",
            ],
            "start_date": datetime.date(2022, 4, 1),
            "end_date": datetime.date(2025, 3, 31),
            "investment_eur": 1_200_000,
            "operating_cost_eur": 140_000,
            "funding_source": "Eigenmittel und Fördermittel (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": True,
            "reusable_data": True,
            "repository_url": "https://gitlab.example.org/hanse-demo/urbane-datenplattform",
            "licence": "EUPL-1.2",
            "adoption_requirements": (
                "<ul><li>Kubernetes-Betrieb im eigenen oder einem kommunalen "
                "Rechenzentrum</li>"
                "<li>eine Datenverantwortliche oder ein Datenverantwortlicher je "
                "Fachamt</li>"
                "<li>Mandantenvertrag mit dem Betreiber des Verbunds</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 9, 30),
            "partner_cities": ["luebeck", "stralsund", "wismar"],
            "contacts": [
                ("Jonas Platzhalter", "Betrieb"),
                ("Anna Beispiel", "Projektleitung"),
                ("Smart-City-Büro Rostock", "Allgemeine Anfragen"),
            ],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Jede Stadt sammelte Sensordaten in eigenen Insellösungen "
                    "der Hersteller.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Eine mandantenfähige Plattform aus quelloffenen "
                    "Bausteinen, betrieben in Rostock, mit einem Mandanten je "
                    "Stadt.</p>",
                ),
                ("heading", "Ergebnisse"),
                (
                    "paragraph",
                    "<p>Über 40 Datensätze sind als offene Daten "
                    "veröffentlicht; Parkleitung, Pegelmessung und "
                    "Straßenbeleuchtung liefern ihre Daten hierher.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "betriebskosten-unterschaetzt",
                    "title": "Betriebskosten realistisch ansetzen",
                    "summary": (
                        "Die jährlichen Betriebskosten lagen fast doppelt so hoch "
                        "wie geplant, vor allem wegen Updates und Bereitschaft."
                    ),
                    "kind": "obstacle",
                    "phase": "operation",
                    "tags": ["Datenplattform", "Kosten"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Sicherheitsupdates der Bausteine und eine "
                            "Rufbereitschaft waren im Konzept nicht "
                            "eingeplant.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Betrieb mit mindestens zehn Prozent der "
                        "Investition pro Jahr planen und die Kosten nach "
                        "Mandanten teilen.</p>"
                    ),
                },
                {
                    "slug": "mandanten-statt-insel",
                    "title": "Ein Mandant je Stadt statt vier Plattformen",
                    "summary": (
                        "Die mandantenfähige Plattform spart den Partnerstädten "
                        "den eigenen Betrieb und hält die Datenhoheit bei der "
                        "Stadt."
                    ),
                    "kind": "success_factor",
                    "phase": "implementation",
                    "tags": ["Datenplattform", "Interkommunale Zusammenarbeit"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Wismar und Stralsund nutzen die Plattform ohne "
                            "eigenes Rechenzentrumspersonal.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Die Rollen- und Rechteverwaltung früher mit den "
                        "Partnerstädten testen.</p>"
                    ),
                },
                {
                    "slug": "ausschreibung-open-source",
                    "title": "Open Source in der Ausschreibung fordern",
                    "summary": (
                        "Die Ausschreibung verlangte eine freie Lizenz für alle "
                        "Entwicklungen; das schreckte zunächst Bieter ab."
                    ),
                    "kind": "obstacle",
                    "phase": "procurement",
                    "tags": ["Open Source", "Vergabe"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>In der ersten Runde ging nur ein Angebot ein. "
                            "Nach einer Markterkundung kamen in der zweiten "
                            "Runde vier.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Vor der Ausschreibung eine Markterkundung mit "
                        "Open-Source-Dienstleistern durchführen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "besucherstroeme-strand",
            "title": "Besucherstrommessung am Strand",
            "summary": (
                "Anonyme Zählsensoren an den Strandzugängen zeigten in einer Saison, wann "
                "welche Abschnitte voll sind; die Auslastung wurde live veröffentlicht."
            ),
            "status": "completed",
            "fields_of_action": ["wirtschaft-tourismus", "mobilitaet"],
            "tags": ["Tourismus", "Sensorik", "Datenschutz", "Open Data"],
            "start_date": datetime.date(2023, 4, 1),
            "end_date": datetime.date(2023, 10, 31),
            "investment_eur": 85_000,
            "operating_cost_eur": 9_000,
            "funding_source": "Eigenmittel",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": False,
            "reusable_data": True,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<p>Eine Datenschutz-Folgenabschätzung und Stromanschluss oder "
                "Solarmodule an den Messpunkten.</p>"
            ),
            "last_reviewed": datetime.date(2025, 11, 5),
            "partner_cities": [],
            "contacts": [("Anna Beispiel", "Projektleitung")],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>An heißen Tagen drängten sich Gäste an wenigen "
                    "Strandzugängen, während andere leer blieben.</p>",
                ),
                ("heading", "Ergebnisse"),
                (
                    "paragraph",
                    "<p>Die Live-Auslastung verteilte die Gäste besser. Nach der "
                    "Saison endete der Pilot wie geplant.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "datenschutz-folgenabschaetzung",
                    "title": "Datenschutz-Folgenabschätzung vor der Planung",
                    "summary": (
                        "Weil die Datenschutz-Folgenabschätzung vor der Wahl der "
                        "Sensoren stand, kam nur anonyme Zähltechnik in Frage."
                    ),
                    "kind": "recommendation",
                    "phase": "planning",
                    "tags": ["Datenschutz", "Sensorik"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Kamerasysteme schieden früh aus; gewählt wurden "
                            "Sensoren, die nur Zählwerte übertragen.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Die Datenschutzbeauftragte schon in die Ideenphase einladen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "waermeplanung-zwilling",
            "title": "Digitaler Zwilling für die Wärmeplanung",
            "summary": (
                "Ein offenes Stadtmodell verknüpft Gebäudedaten, Verbräuche und Netze, um die "
                "kommunale Wärmeplanung zu rechnen und Varianten sichtbar zu machen."
            ),
            "status": "planning",
            "fields_of_action": ["energie-klima", "datenplattformen-open-data", "stadtentwicklung"],
            "tags": ["Wärmeplanung", "Digitaler Zwilling", "Open Source"],
            "start_date": datetime.date(2025, 6, 1),
            "end_date": datetime.date(2027, 6, 30),
            "investment_eur": 540_000,
            "operating_cost_eur": 30_000,
            "funding_source": "Förderantrag in Vorbereitung (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": True,
            "reusable_data": False,
            "repository_url": "https://gitlab.example.org/hanse-demo/waermezwilling",
            "licence": "Apache-2.0",
            "adoption_requirements": (
                "<ul><li>Gebäude- und Verbrauchsdaten in der Qualität, die die "
                "Wärmeplanung ohnehin verlangt</li>"
                "<li>Zugang zur urbanen Datenplattform</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 8, 12),
            "partner_cities": ["stralsund"],
            "contacts": [
                ("Jonas Platzhalter", "Technik"),
                ("Lena Musterfrau", "Ansprechpartnerin Stralsund"),
            ],
            "body": [
                ("heading", "Ziel"),
                (
                    "paragraph",
                    "<p>Wärmeplanung nicht als einmaliges Gutachten, sondern als "
                    "Modell, das sich fortschreiben lässt.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "datenzugang-netzbetreiber",
                    "title": "Datenzugang beim Netzbetreiber früh vereinbaren",
                    "summary": (
                        "Verbrauchsdaten lagen beim Netzbetreiber; ohne "
                        "Vereinbarung über Aggregation und Zweck gab es sie nicht."
                    ),
                    "kind": "obstacle",
                    "phase": "planning",
                    "tags": ["Wärmeplanung", "Datenschutz"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Die Gespräche über den Datenzugang dauerten "
                            "länger als die technische Konzeption.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Eine Mustervereinbarung zum Datenzugang aus dem Verbund nutzen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "schul-tablets",
            "title": "Tablets für alle Grundschulen",
            "summary": (
                "Alle Grundschulen erhielten Klassensätze von Tablets mit zentraler "
                "Geräteverwaltung; ein Support-Team der Stadt betreut Geräte und "
                "Lehrkräfte."
            ),
            "status": "operation",
            "fields_of_action": ["bildung"],
            "tags": ["Schule", "Gerätemanagement"],
            "start_date": datetime.date(2022, 1, 10),
            "end_date": datetime.date(2023, 8, 31),
            "investment_eur": 2_100_000,
            "operating_cost_eur": 260_000,
            "funding_source": "Eigenmittel und Fördermittel (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": False,
            "reusable_data": False,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<p>Ein WLAN in jedem Klassenraum und ein Support-Team von etwa einer "
                "Stelle je 1.000 Geräte.</p>"
            ),
            "last_reviewed": datetime.date(2026, 2, 1),
            "partner_cities": [],
            "contacts": [("Smart-City-Büro Rostock", "Ansprechstelle")],
            "body": [
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Geräte, Hüllen und Lizenzen wurden in einem Verfahren "
                    "beschafft, die Verwaltung läuft zentral.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "lieferengpaesse",
                    "title": "Lieferengpässe verschoben den Start um ein Halbjahr",
                    "summary": (
                        "Die Ausschreibung fiel in eine Zeit knapper Lieferketten; "
                        "der Zuschlag kam, die Geräte nicht."
                    ),
                    "kind": "obstacle",
                    "phase": "procurement",
                    "tags": ["Vergabe", "Schule"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Der Auftragnehmer konnte erst sechs Monate nach "
                            "Zuschlag liefern; Vertragsstrafen waren nicht "
                            "vereinbart.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Liefertermine mit Vertragsstrafen absichern und "
                        "Teillieferungen zulassen.</p>"
                    ),
                },
                {
                    "slug": "support-vor-ort",
                    "title": "Support vor Ort überzeugt die Lehrkräfte",
                    "summary": (
                        "Feste Sprechstunden des Support-Teams in den Schulen "
                        "haben die Nutzung der Tablets deutlich erhöht."
                    ),
                    "kind": "success_factor",
                    "phase": "operation",
                    "tags": ["Schule"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Einmal pro Woche ist jemand vom Support-Team in jeder Schule.</p>",
                        ),
                    ],
                    "do_differently": "<p>Die Sprechstunden von Beginn an einplanen.</p>",
                },
            ],
        },
    ],
    "stralsund": [
        {
            "slug": "beteiligungsplattform",
            "title": "Beteiligungsplattform „Stralsund gestaltet“",
            "summary": (
                "Auf einer quelloffenen Beteiligungsplattform diskutieren Bürgerinnen und "
                "Bürger Planungen, reichen Ideen ein und verfolgen, was daraus wird."
            ),
            "status": "operation",
            "fields_of_action": ["beteiligung", "stadtentwicklung"],
            "tags": ["Beteiligung", "Open Source"],
            "start_date": datetime.date(2022, 9, 1),
            "end_date": datetime.date(2023, 12, 31),
            "investment_eur": 120_000,
            "operating_cost_eur": 18_000,
            "funding_source": "Eigenmittel",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": True,
            "reusable_data": False,
            "repository_url": "https://gitlab.example.org/hanse-demo/beteiligung-theme",
            "licence": "AGPL-3.0-or-later",
            "adoption_requirements": (
                "<ul><li>eine Redaktion, die Beiträge innerhalb von zwei Werktagen "
                "beantwortet</li>"
                "<li>Hosting mit Ruby-Laufzeit oder Betrieb beim Verbund</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 4, 22),
            "partner_cities": ["wismar"],
            "contacts": [
                ("Lena Musterfrau", "Projektleitung"),
                ("Smart-City-Büro Stralsund", "Allgemeine Anfragen"),
                ("Clara Probe", "Ansprechpartnerin Wismar"),
            ],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Beteiligung fand nur in Abendveranstaltungen statt, die "
                    "wenige Menschen erreichten.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Eine Plattform für alle Beteiligungsverfahren der Stadt, "
                    "gemeinsam mit Wismar weiterentwickelt.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "rueckmeldung-versprechen",
                    "title": "Jede Idee bekommt eine Antwort",
                    "summary": (
                        "Die Zusage, jeden Beitrag innerhalb von zwei Werktagen zu "
                        "beantworten, hat das Vertrauen in die Plattform "
                        "begründet."
                    ),
                    "kind": "success_factor",
                    "phase": "operation",
                    "tags": ["Beteiligung"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Eine Redaktion aus drei Ämtern teilt sich die Antworten.</p>",
                        ),
                    ],
                    "do_differently": "<p>Die Redaktion von Beginn an fest benennen.</p>",
                },
                {
                    "slug": "barrierefreiheit-pruefen",
                    "title": "Barrierefreiheit vor dem Start prüfen lassen",
                    "summary": (
                        "Eine externe Prüfung fand kurz vor dem Start Mängel bei "
                        "Formularen; der Start verschob sich um Wochen."
                    ),
                    "kind": "recommendation",
                    "phase": "implementation",
                    "tags": ["Barrierefreiheit", "Beteiligung"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Fehlende Beschriftungen und zu geringe Kontraste "
                            "mussten nachgebessert werden.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Barrierefreiheit als Abnahmekriterium in den "
                        "Vertrag schreiben und früh testen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "hochwasser-fruehwarnung",
            "title": "Pegelsensoren für die Hochwasser-Frühwarnung",
            "summary": (
                "Funkvernetzte Pegelsensoren an Hafen und Gräben melden steigende "
                "Wasserstände früh an Feuerwehr und Bauhof; Rostock und Wismar erproben "
                "dieselbe Technik."
            ),
            "status": "pilot",
            "fields_of_action": ["sicherheit", "umwelt", "digitale-infrastruktur"],
            "tags": ["Hochwasser", "Sensorik", "LoRaWAN", "Open Data"],
            "start_date": datetime.date(2024, 2, 1),
            "end_date": datetime.date(2026, 12, 31),
            "investment_eur": 160_000,
            "operating_cost_eur": 12_000,
            "funding_source": "Eigenmittel und Landesförderung (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": False,
            "reusable_data": True,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<ul><li>LoRaWAN-Abdeckung an den Messpunkten</li>"
                "<li>Alarmierungswege mit Feuerwehr und Bauhof abgestimmt</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 10, 15),
            "partner_cities": ["rostock", "wismar"],
            "contacts": [("Tim Exempel", "Technik"), ("Lena Musterfrau", "Projektleitung")],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Bei Sturmflut und Starkregen wurden steigende Pegel "
                    "bisher durch Kontrollfahrten erkannt.</p>",
                ),
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Zwölf Ultraschall-Pegelsensoren senden alle fünf "
                    "Minuten; überschreitet ein Pegel eine Schwelle, geht eine "
                    "Warnung an die Leitstelle.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "schwellenwerte-gemeinsam",
                    "title": "Schwellenwerte gemeinsam mit der Feuerwehr festlegen",
                    "summary": (
                        "Zu niedrige Schwellen lösten anfangs Fehlalarme aus; "
                        "erst mit der Feuerwehr abgestimmte Werte wurden "
                        "akzeptiert."
                    ),
                    "kind": "recommendation",
                    "phase": "operation",
                    "tags": ["Hochwasser", "Sensorik"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>In den ersten Wochen gab es elf Fehlalarme durch Wellenschlag.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Messwerte über mehrere Minuten glätten und "
                        "Schwellen im Probebetrieb kalibrieren.</p>"
                    ),
                },
                {
                    "slug": "sensorausschreibung-zu-eng",
                    "title": "Zu enge Leistungsbeschreibung für Sensoren",
                    "summary": (
                        "Die Ausschreibung verlangte ein bestimmtes Messverfahren; "
                        "nur ein Anbieter konnte liefern, das Verfahren musste "
                        "wiederholt werden."
                    ),
                    "kind": "obstacle",
                    "phase": "procurement",
                    "tags": ["Vergabe", "Sensorik"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Die Vergabekammer hätte die Beschränkung kaum "
                            "gehalten; die Stadt hob das Verfahren auf.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Funktional ausschreiben: Messbereich, Genauigkeit "
                        "und Funkstandard statt Technik vorgeben.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "digitales-bauarchiv",
            "title": "Digitales Archiv historischer Baupläne",
            "summary": (
                "Idee: historische Baupläne der Altstadt scannen, erschließen und für "
                "Denkmalpflege, Forschung und Öffentlichkeit digital bereitstellen."
            ),
            "status": "idea",
            "fields_of_action": ["stadtentwicklung", "verwaltung"],
            "tags": ["Denkmalpflege", "Digitalisierung", "Open Data"],
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2028, 12, 31),
            "investment_eur": 250_000,
            "operating_cost_eur": 15_000,
            "funding_source": "offen",
            "reusable_concept": False,
            "reusable_tender": False,
            "reusable_software": False,
            "reusable_data": False,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": "",
            "last_reviewed": datetime.date(2026, 7, 1),
            "partner_cities": [],
            "contacts": [("Smart-City-Büro Stralsund", "Ansprechstelle")],
            "body": [
                ("heading", "Idee"),
                (
                    "paragraph",
                    "<p>Die Pläne lagern auf Papier und sind nur im Lesesaal "
                    "einsehbar. Ein digitales Archiv würde Anfragen der "
                    "Bauaufsicht und von Eigentümern beschleunigen.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "bestand-zuerst-erfassen",
                    "title": "Erst den Bestand zählen, dann Kosten schätzen",
                    "summary": (
                        "Die erste Kostenschätzung beruhte auf einer geschätzten "
                        "Zahl von Plänen und lag weit daneben."
                    ),
                    "kind": "recommendation",
                    "phase": "planning",
                    "tags": ["Digitalisierung"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Eine Stichprobe ergab fast doppelt so viele "
                            "Blätter wie angenommen.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Vor jeder Schätzung eine Stichprobe des Bestands zählen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "parkraumsensoren-hafen",
            "title": "Parkraumsensoren am Hafen",
            "summary": (
                "Ein Pilot mit Parkraumsensoren auf den Hafenparkplätzen wurde nach einem "
                "Jahr eingestellt, weil Funkabdeckung und Sensorgenauigkeit nicht "
                "ausreichten."
            ),
            "status": "discontinued",
            "fields_of_action": ["mobilitaet", "digitale-infrastruktur"],
            "tags": ["Parken", "Sensorik", "LoRaWAN"],
            "start_date": datetime.date(2022, 5, 1),
            "end_date": datetime.date(2023, 5, 31),
            "investment_eur": 60_000,
            "operating_cost_eur": 0,
            "funding_source": "Eigenmittel",
            "reusable_concept": False,
            "reusable_tender": False,
            "reusable_software": False,
            "reusable_data": False,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": "",
            "last_reviewed": datetime.date(2025, 6, 30),
            "partner_cities": [],
            "contacts": [("Tim Exempel", "Technik")],
            "body": [
                ("heading", "Was geplant war"),
                (
                    "paragraph",
                    "<p>200 Sensoren sollten freie Plätze für Reisebusse und Pkw melden.</p>",
                ),
                ("heading", "Warum der Pilot endete"),
                (
                    "paragraph",
                    "<p>Metallische Hafenflächen störten Funk und Messung; "
                    "ein Viertel der Meldungen war falsch.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "funkplanung-vor-ort",
                    "title": "Funkausbreitung vor Ort messen, nicht nur simulieren",
                    "summary": (
                        "Die Funkplanung beruhte auf einer Simulation; "
                        "Messungen vor Ort hätten die Probleme am Hafen früh "
                        "gezeigt."
                    ),
                    "kind": "obstacle",
                    "phase": "implementation",
                    "tags": ["LoRaWAN", "Sensorik"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Erst nach dem Einbau zeigte sich, dass Container "
                            "und Schiffe die Funkstrecken abschatteten.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Vor der Beschaffung eine Probemessung mit wenigen Sensoren machen.</p>"
                    ),
                },
                {
                    "slug": "abbruchkriterien",
                    "title": "Abbruchkriterien vorher festlegen",
                    "summary": (
                        "Weil vorab festgelegt war, ab welcher Fehlerquote der "
                        "Pilot endet, fiel die Entscheidung sachlich und schnell."
                    ),
                    "kind": "success_factor",
                    "phase": "planning",
                    "tags": ["Parken"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Die Fehlerquote lag über der vereinbarten Grenze "
                            "von zehn Prozent; der Pilot wurde beendet, die "
                            "Sensoren an den Hersteller zurückgegeben.</p>",
                        ),
                    ],
                    "do_differently": "<p>Nichts – Abbruchkriterien gehören in jeden Pilot.</p>",
                },
            ],
        },
    ],
    "wismar": [
        {
            "slug": "smarte-strassenbeleuchtung",
            "title": "Smarte Straßenbeleuchtung",
            "summary": (
                "LED-Leuchten mit Funksteuerung dimmen nachts bedarfsgerecht und melden "
                "Störungen selbst; der Stromverbrauch der Beleuchtung sank deutlich."
            ),
            "status": "operation",
            "fields_of_action": ["energie-klima", "digitale-infrastruktur"],
            "tags": ["Straßenbeleuchtung", "LoRaWAN", "Sensorik", "Energieeffizienz"],
            "start_date": datetime.date(2021, 5, 1),
            "end_date": datetime.date(2023, 4, 30),
            "investment_eur": 780_000,
            "operating_cost_eur": 25_000,
            "funding_source": "Eigenmittel und Klimaschutzförderung (Demo-Angabe)",
            "reusable_concept": True,
            "reusable_tender": True,
            "reusable_software": False,
            "reusable_data": True,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": (
                "<ul><li>Leuchten mit genormter Steckschnittstelle für "
                "Steuermodule</li><li>LoRaWAN-Abdeckung</li></ul>"
            ),
            "last_reviewed": datetime.date(2026, 1, 20),
            "partner_cities": [],
            "contacts": [
                ("Paul Vorlage", "Technik und Betrieb"),
                ("Smart-City-Büro Wismar", "Allgemeine Anfragen"),
            ],
            "body": [
                ("heading", "Ausgangslage"),
                (
                    "paragraph",
                    "<p>Alte Leuchten brannten die ganze Nacht mit voller "
                    "Leistung; Ausfälle meldeten Bürgerinnen und Bürger.</p>",
                ),
                ("heading", "Ergebnisse"),
                (
                    "paragraph",
                    "<p>Der Stromverbrauch der umgerüsteten Straßen sank um "
                    "mehr als die Hälfte; Störungen meldet die Leuchte selbst.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "steckschnittstelle-fordern",
                    "title": "Genormte Steckschnittstelle fordern",
                    "summary": (
                        "Weil die Ausschreibung eine genormte Schnittstelle "
                        "verlangte, lässt sich der Funkstandard später tauschen, "
                        "ohne Leuchten zu ersetzen."
                    ),
                    "kind": "success_factor",
                    "phase": "procurement",
                    "tags": ["Straßenbeleuchtung", "Vergabe"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Die Steuermodule stecken oben auf der Leuchte und "
                            "sind in Minuten gewechselt.</p>",
                        ),
                    ],
                    "do_differently": "<p>Nichts – wir empfehlen das allen Städten.</p>",
                },
                {
                    "slug": "anwohner-informieren",
                    "title": "Anwohnende vor dem Dimmen informieren",
                    "summary": (
                        "Ohne Vorankündigung führte das nächtliche Dimmen zu "
                        "Beschwerden über vermeintlich defekte Leuchten."
                    ),
                    "kind": "obstacle",
                    "phase": "implementation",
                    "tags": ["Straßenbeleuchtung", "Beteiligung"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>In den ersten Wochen gingen viele Meldungen beim "
                            "Bürgerbüro ein.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Vorab Handzettel verteilen und die Dimmzeiten veröffentlichen.</p>"
                    ),
                },
            ],
        },
        {
            "slug": "open-data-portal",
            "title": "Open-Data-Portal Wismar und Stralsund",
            "summary": (
                "Ein gemeinsames Open-Data-Portal veröffentlicht die offenen Daten von "
                "Wismar und Stralsund mit einheitlichen Metadaten; die Daten kommen aus der "
                "urbanen Datenplattform."
            ),
            "status": "pilot",
            "fields_of_action": ["datenplattformen-open-data"],
            "tags": ["Open Data", "Open Source", "Datenplattform"],
            "start_date": datetime.date(2024, 3, 1),
            "end_date": datetime.date(2025, 12, 31),
            "investment_eur": 70_000,
            "operating_cost_eur": 14_000,
            "funding_source": "Eigenmittel",
            "reusable_concept": True,
            "reusable_tender": False,
            "reusable_software": True,
            "reusable_data": True,
            "repository_url": "https://gitlab.example.org/hanse-demo/open-data-portal",
            "licence": "EUPL-1.2",
            "adoption_requirements": (
                "<p>Eine Person, die Datensätze in den Fachämtern einsammelt und mit "
                "Metadaten versieht.</p>"
            ),
            "last_reviewed": datetime.date(2026, 9, 2),
            "partner_cities": ["stralsund"],
            "contacts": [
                ("Clara Probe", "Projektleitung"),
                ("Smart-City-Büro Stralsund", "Ansprechstelle Stralsund"),
            ],
            "body": [
                ("heading", "Lösung"),
                (
                    "paragraph",
                    "<p>Ein Portal für zwei Städte, mit einem Bereich je Stadt "
                    "und gemeinsamen Metadaten-Vorgaben.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "datensaetze-fachaemter",
                    "title": "Fachämter liefern Daten, wenn sie etwas davon haben",
                    "summary": (
                        "Erst als die Fachämter ihre eigenen Daten im Portal "
                        "nutzen konnten, kamen neue Datensätze von selbst."
                    ),
                    "kind": "success_factor",
                    "phase": "operation",
                    "tags": ["Open Data"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Das Grünflächenamt nutzt die Baumdaten nun "
                            "selbst über die Schnittstelle.</p>",
                        ),
                    ],
                    "do_differently": "<p>Mit den Ämtern beginnen, die selbst profitieren.</p>",
                },
            ],
        },
        {
            "slug": "online-terminvergabe",
            "title": "Online-Terminvergabe im Bürgerbüro",
            "summary": (
                "Termine im Bürgerbüro werden online gebucht; eine schlanke, quelloffene "
                "Anwendung ersetzt die Wartemarken und ist an den Verbund weitergegeben."
            ),
            "status": "completed",
            "fields_of_action": ["verwaltung"],
            "tags": ["Onlinezugang", "Open Source"],
            "start_date": datetime.date(2022, 2, 1),
            "end_date": datetime.date(2022, 11, 30),
            "investment_eur": 45_000,
            "operating_cost_eur": 6_000,
            "funding_source": "Eigenmittel",
            "reusable_concept": False,
            "reusable_tender": False,
            "reusable_software": True,
            "reusable_data": False,
            "repository_url": "https://gitlab.example.org/hanse-demo/terminvergabe",
            "licence": "MIT",
            "adoption_requirements": (
                "<p>Ein Server mit PostgreSQL und eine Schnittstelle zum "
                "Kalender der Sachbearbeitung.</p>"
            ),
            "last_reviewed": datetime.date(2025, 12, 1),
            "partner_cities": [],
            "contacts": [("Paul Vorlage", "Technik")],
            "body": [
                ("heading", "Ergebnisse"),
                (
                    "paragraph",
                    "<p>Die Wartezeit im Bürgerbüro sank auf wenige Minuten; "
                    "gut drei Viertel der Termine werden online gebucht.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "telefonische-buchung-behalten",
                    "title": "Die telefonische Buchung behalten",
                    "summary": (
                        "Wer nicht online buchen kann, braucht einen anderen "
                        "Weg; die Servicenummer bucht im selben System."
                    ),
                    "kind": "recommendation",
                    "phase": "implementation",
                    "tags": ["Onlinezugang", "Barrierefreiheit"],
                    "body": [
                        ("heading", "Was geschah"),
                        (
                            "paragraph",
                            "<p>Vor allem ältere Menschen nutzen weiter das Telefon.</p>",
                        ),
                    ],
                    "do_differently": "<p>Den Telefonweg von Anfang an mitplanen.</p>",
                },
            ],
        },
        {
            "slug": "luftqualitaet-sensoren",
            "title": "Messnetz Luftqualität",
            "summary": (
                "Günstige Sensoren an Schulen und Kreuzungen messen Feinstaub und "
                "Stickstoffdioxid; die Werte ergänzen die amtlichen Messstationen."
            ),
            "status": "idea",
            "fields_of_action": ["umwelt", "bildung"],
            "tags": ["Sensorik", "LoRaWAN", "Open Data", "Umwelt"],
            "start_date": datetime.date(2026, 4, 1),
            "end_date": datetime.date(2027, 3, 31),
            "investment_eur": 40_000,
            "operating_cost_eur": 5_000,
            "funding_source": "offen",
            "reusable_concept": False,
            "reusable_tender": False,
            "reusable_software": False,
            "reusable_data": False,
            "repository_url": "",
            "licence": "",
            "adoption_requirements": "",
            "last_reviewed": datetime.date(2026, 6, 1),
            "partner_cities": ["rostock"],
            "contacts": [
                ("Clara Probe", "Ideengeberin"),
                ("Anna Beispiel", "Ansprechpartnerin Rostock"),
            ],
            "body": [
                ("heading", "Idee"),
                (
                    "paragraph",
                    "<p>Schülerinnen und Schüler betreuen die Sensoren und "
                    "werten die Daten im Unterricht aus.</p>",
                ),
            ],
            "lessons": [
                {
                    "slug": "kalibrierung-klaeren",
                    "title": "Kalibrierung günstiger Sensoren klären",
                    "summary": (
                        "Günstige Sensoren driften; ohne Abgleich mit einer "
                        "amtlichen Station sind die Werte kaum vergleichbar."
                    ),
                    "kind": "recommendation",
                    "phase": "planning",
                    "tags": ["Sensorik", "Umwelt"],
                    "body": [
                        ("heading", "Was wir gelernt haben"),
                        (
                            "paragraph",
                            "<p>Erfahrungen aus Rostock zeigten, dass ein Sensor "
                            "je Standort neben einer Referenzstation stehen "
                            "sollte.</p>",
                        ),
                    ],
                    "do_differently": (
                        "<p>Kalibrierung und Austausch im Betriebskonzept "
                        "festlegen, bevor Sensoren gekauft werden.</p>"
                    ),
                },
            ],
        },
    ],
}


# --------------------------------------------------------------------------
# Wiki articles (all invented)
# --------------------------------------------------------------------------
# "related_projects" are (city slug, project slug) pairs.

ARTICLES = [
    {
        "slug": "lorawan-netz-ausschreiben",
        "title": "LoRaWAN-Netz ausschreiben",
        "summary": (
            "Wie die Hansestädte ein LoRaWAN-Netz gemeinsam ausgeschrieben haben: "
            "Vereinbarung, Lose, funktionale Leistungsbeschreibung und Betrieb."
        ),
        "fields_of_action": ["digitale-infrastruktur"],
        "related_projects": [
            ("luebeck", "lorawan-verbundbeschaffung"),
            ("stralsund", "hochwasser-fruehwarnung"),
            ("wismar", "smarte-strassenbeleuchtung"),
        ],
        "tags": ["LoRaWAN", "Vergabe", "Interkommunale Zusammenarbeit"],
        "body": [
            ("heading", "Vor der Ausschreibung"),
            (
                "paragraph",
                "<p>Klären Sie, wer das Verfahren führt und wie Kosten und Haftung "
                "verteilt werden. Eine schriftliche Vereinbarung der beteiligten "
                "Städte spart Monate.</p>",
            ),
            ("heading", "Die Leistungsbeschreibung"),
            (
                "paragraph",
                "<ul><li>funktional beschreiben: Abdeckung, Verfügbarkeit, "
                "offene Schnittstellen</li>"
                "<li>Lose je Stadt bilden</li>"
                "<li>Daten- und Nutzungsrechte der Stadt festschreiben</li></ul>",
            ),
            ("heading", "Betrieb"),
            (
                "paragraph",
                "<p>Planen Sie Gateway-Wartung, Netzserver-Updates und eine "
                "Ansprechstelle für Fachämter mit ein.</p>",
            ),
        ],
    },
    {
        "slug": "urbane-datenplattform-betrieb-und-kosten",
        "title": "Urbane Datenplattform: Betrieb und Kosten",
        "summary": (
            "Was der Betrieb einer urbanen Datenplattform tatsächlich kostet, welche Rollen "
            "es braucht und wie sich Städte die Kosten teilen können."
        ),
        "fields_of_action": ["datenplattformen-open-data", "digitale-infrastruktur"],
        "related_projects": [("rostock", "urbane-datenplattform"), ("wismar", "open-data-portal")],
        "tags": ["Datenplattform", "Kosten", "Open Data"],
        "body": [
            ("heading", "Kostenblöcke"),
            (
                "paragraph",
                "<ul><li>Infrastruktur und Hosting</li>"
                "<li>Updates und Sicherheitspflege</li>"
                "<li>Rufbereitschaft</li>"
                "<li>Datenpflege in den Fachämtern</li></ul>",
            ),
            ("heading", "Faustregel"),
            (
                "paragraph",
                "<p>Rechnen Sie jährlich mit mindestens zehn Prozent der "
                "Investition für den Betrieb – eher mehr.</p>",
            ),
            ("heading", "Kosten teilen"),
            (
                "paragraph",
                "<p>Eine mandantenfähige Plattform erlaubt es, Kosten nach "
                "Einwohnerzahl oder Zahl der Datensätze zu verteilen.</p>",
            ),
        ],
    },
    {
        "slug": "open-source-nachnutzen",
        "title": "Open-Source-Lösungen nachnutzen",
        "summary": (
            "Wie eine Stadt quelloffene Software einer anderen Stadt übernimmt: Lizenz "
            "prüfen, Betrieb klären, Änderungen zurückgeben."
        ),
        "fields_of_action": ["verwaltung", "datenplattformen-open-data"],
        "related_projects": [
            ("luebeck", "digitaler-bauantrag"),
            ("stralsund", "beteiligungsplattform"),
            ("wismar", "online-terminvergabe"),
            ("rostock", "urbane-datenplattform"),
        ],
        "tags": ["Open Source", "Nachnutzung"],
        "body": [
            ("heading", "Lizenz prüfen"),
            (
                "paragraph",
                "<p>Die SPDX-Kennung im Projekteintrag nennt die Lizenz. "
                "EUPL-1.2 und AGPL-3.0-or-later verlangen, dass Änderungen "
                "wieder offengelegt werden; MIT und Apache-2.0 erlauben mehr.</p>",
            ),
            ("heading", "Betrieb klären"),
            (
                "paragraph",
                "<p>Quelloffen heißt nicht kostenlos: Wer betreibt, wer spielt "
                "Updates ein, wer hilft bei Störungen?</p>",
            ),
            ("heading", "Änderungen zurückgeben"),
            (
                "paragraph",
                "<p>Verbesserungen im gemeinsamen Repository halten die Lösung "
                "für alle Städte aktuell.</p>",
            ),
        ],
    },
]


# --------------------------------------------------------------------------
# News
# --------------------------------------------------------------------------
# "is_demo": False only for the founding news, which reports real facts.

NEWS = [
    {
        "slug": "absichtserklaerung-hansestaedte",
        "title": "Vier Hansestädte unterzeichnen Absichtserklärung zur Smart City",
        "date": FOUNDING_DATE,
        "is_demo": False,
        "teaser": (
            "Lübeck, Rostock, Stralsund und Wismar wollen digitale Lösungen gemeinsam "
            "entwickeln und betreiben. Die Absichtserklärung wurde an Bord der "
            "„Lisa von Lübeck“ unterzeichnet."
        ),
        "related_cities": ["luebeck", "rostock", "stralsund", "wismar"],
        "related_projects": [],
        "tags": ["Interkommunale Zusammenarbeit", "Smart City"],
        "body": [
            (
                "paragraph",
                "<p>Am 25. Oktober 2023 haben die Hansestädte Lübeck, Rostock, Stralsund und "
                "Wismar eine gemeinsame Absichtserklärung unterzeichnet. Die vier Städte wollen "
                "auf dem Weg zur Smart City über die Stadtgrenzen hinweg zusammenarbeiten: "
                "digitale Lösungen gemeinsam entwickeln und betreiben, Kräfte bündeln, "
                "Synergien schaffen und so die Lebensqualität der Bürgerinnen und Bürger "
                "steigern.</p>",
            ),
            ("heading", "Unterzeichnung auf der „Lisa von Lübeck“"),
            (
                "paragraph",
                "<p>Unterzeichnet wurde bei einem Festakt an Bord der <i>Lisa von Lübeck</i>, "
                "des Nachbaus eines Hanseschiffs. Ihre Unterschrift setzten:</p>"
                "<ul><li>Jan Lindenau, Bürgermeister der Hansestadt Lübeck</li>"
                "<li>Eva-Maria Kröger, Oberbürgermeisterin der Hanse- und Universitätsstadt "
                "Rostock</li>"
                "<li>Alexander Badrow, Oberbürgermeister der Hansestadt Stralsund</li>"
                "<li>Thomas Beyer, Bürgermeister der Hansestadt Wismar</li></ul>",
            ),
            ("heading", "Die Ziele"),
            (
                "paragraph",
                "<p>Neben der gemeinsamen Entwicklung digitaler Lösungen nennt die Erklärung "
                "Ressourceneffizienz, intelligente Vernetzung und Wissenstransfer, "
                "wirtschaftliche Zusammenarbeit, eine moderne Daseinsvorsorge sowie die "
                "Beteiligung der Bürgerinnen und Bürger.</p>",
            ),
            ("heading", "Offen für weitere Kommunen"),
            (
                "paragraph",
                "<p>Die Städte erinnerten an die mittelalterliche Hanse als Motor für "
                "Innovation. Der Kreis soll aber offen bleiben für weitere interessierte "
                "Kommunen, ausdrücklich auch für Städte ohne hanseatische Tradition. Der "
                "Austausch sollte sofort beginnen und mit der Zeit konkreter werden.</p>",
            ),
        ],
    },
    {
        "slug": "lorawan-ausschreibung-gestartet",
        "title": "Gemeinsame LoRaWAN-Ausschreibung gestartet",
        "date": datetime.date(2024, 9, 16),
        "is_demo": True,
        "teaser": (
            "Lübeck hat für alle vier Hansestädte die Ausschreibung eines gemeinsamen "
            "LoRaWAN-Netzes veröffentlicht."
        ),
        "related_cities": ["luebeck", "rostock", "stralsund", "wismar"],
        "related_projects": [("luebeck", "lorawan-verbundbeschaffung")],
        "tags": ["LoRaWAN", "Vergabe"],
        "body": [
            (
                "paragraph",
                "<p>Nach einem Jahr Vorbereitung ist die gemeinsame Ausschreibung "
                "veröffentlicht. Sie umfasst Gateways in vier Losen, einen "
                "gemeinsamen Netzserver und den Betrieb für fünf Jahre.</p>",
            ),
            ("heading", "Wie es weitergeht"),
            ("paragraph", "<p>Der Zuschlag ist für das erste Quartal 2025 geplant.</p>"),
        ],
    },
    {
        "slug": "datenplattform-regelbetrieb",
        "title": "Urbane Datenplattform im Regelbetrieb",
        "date": datetime.date(2025, 4, 2),
        "is_demo": True,
        "teaser": (
            "Die gemeinsame urbane Datenplattform hat den Regelbetrieb aufgenommen; alle "
            "vier Städte haben einen eigenen Mandanten."
        ),
        "related_cities": ["rostock", "luebeck", "stralsund", "wismar"],
        "related_projects": [("rostock", "urbane-datenplattform"), ("wismar", "open-data-portal")],
        "tags": ["Datenplattform", "Open Data", "Open Source"],
        "body": [
            (
                "paragraph",
                "<p>Nach drei Jahren Aufbau läuft die Plattform im Regelbetrieb. "
                "Der Quellcode steht unter der EUPL-1.2 anderen Kommunen zur "
                "Nachnutzung offen.</p>",
            ),
        ],
    },
    {
        "slug": "workshop-hochwasser-fruehwarnung",
        "title": "Workshop zur Hochwasser-Frühwarnung in Stralsund",
        "date": datetime.date(2026, 3, 12),
        "is_demo": True,
        "teaser": (
            "Fachleute aus Rostock, Stralsund und Wismar haben ihre Erfahrungen mit "
            "Pegelsensoren und Alarmierung ausgetauscht."
        ),
        "related_cities": ["stralsund", "rostock", "wismar"],
        "related_projects": [("stralsund", "hochwasser-fruehwarnung")],
        "tags": ["Hochwasser", "Sensorik"],
        "body": [
            (
                "paragraph",
                "<p>Im Mittelpunkt standen Schwellenwerte, Fehlalarme und die "
                "Zusammenarbeit mit Feuerwehr und Bauhof.</p>",
            ),
            ("heading", "Ergebnisse"),
            (
                "paragraph",
                "<p>Die Städte wollen eine gemeinsame Vorlage für "
                "Alarmierungswege erarbeiten und im Wissensnetz "
                "veröffentlichen.</p>",
            ),
        ],
    },
]


# --------------------------------------------------------------------------
# Demo users (only with DEBUG or --with-users)
# --------------------------------------------------------------------------

# "groups" names the groups of registry.governance: "<City> – Redaktion" writes
# and submits for review, "<City> – Freigabe" approves and publishes.
DEMO_USERS = (
    [
        {
            "username": "admin",
            "email": "admin@wissensnetz.example",
            "first_name": "Admin",
            "last_name": "(Demo)",
            "is_superuser": True,
            "groups": [],
            "role": "Superuser",
        },
        {
            "username": "verbund",
            "email": "verbund@wissensnetz.example",
            "first_name": "Verbund",
            "last_name": "(Demo)",
            "is_superuser": False,
            "groups": ["Verbund – Administration"],
            "role": "Verbund-Administration: Städte, Benutzer, Handlungsfelder",
        },
        {
            "username": "presse",
            "email": "presse@wissensnetz.example",
            "first_name": "Presse",
            "last_name": "(Demo)",
            "is_superuser": False,
            "groups": ["Presse"],
            "role": "Presse: Nachrichten",
        },
    ]
    + [
        {
            "username": f"redaktion-{city['slug']}",
            "email": f"redaktion@{city['slug']}.example",
            "first_name": "Redaktion",
            "last_name": f"{city['title']} (Demo)",
            "is_superuser": False,
            "groups": [f"{city['title']} – Redaktion"],
            "role": f"Redaktion {city['title']}",
        }
        for city in CITIES
    ]
    + [
        {
            "username": f"freigabe-{city['slug']}",
            "email": f"freigabe@{city['slug']}.example",
            "first_name": "Freigabe",
            "last_name": f"{city['title']} (Demo)",
            "is_superuser": False,
            "groups": [f"{city['title']} – Freigabe"],
            "role": f"Freigabe {city['title']}",
        }
        for city in CITIES
    ]
)


# Transfers between cities („übernommen von“): (city slug, project slug) of the
# source and of the adopting project. Invented for the demo, like the projects.
TRANSFERS = [
    {
        "source": ("rostock", "urbane-datenplattform"),
        "adopting": ("wismar", "open-data-portal"),
        "date": datetime.date(2023, 4, 1),
        "effort_person_days": 25,
        "effort_level": "medium",
        "notes": "Mandant auf der Rostocker Plattform eingerichtet, eigene Datensätze ergänzt.",
    },
    {
        "source": ("luebeck", "lorawan-verbundbeschaffung"),
        "adopting": ("stralsund", "hochwasser-fruehwarnung"),
        "date": datetime.date(2023, 9, 15),
        "effort_person_days": 8,
        "effort_level": "low",
        "notes": "Über den Rahmenvertrag der Verbundbeschaffung Gateways abgerufen.",
    },
    {
        "source": ("luebeck", "parkleitsystem-altstadt"),
        "adopting": ("stralsund", "parkraumsensoren-hafen"),
        "date": datetime.date(2022, 5, 1),
        "effort_person_days": 40,
        "effort_level": "high",
        "notes": "Sensorik und Anzeigelogik übernommen; die Hafenlage verlangte eigene Tests.",
    },
]
