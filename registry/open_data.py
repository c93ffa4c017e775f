"""
Open data: every published project as CSV and JSON, with the columns
documented once here and on /open-data/. Contacts appear only when public;
a partners-only contact is never part of a download. `?city=<slug>` narrows a
download to the projects of one city (the catalogue in registry.dcat offers
one such download per city).

The data licence is the alliance's choice to be confirmed: Datenlizenz
Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0).
"""

import csv
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.locales import content_language_codes, requested_language
from core.queries import for_listing, in_source_language, published_pages
from core.tag_order import tag_names_in_order

from .api import filter_error
from .models import CityPage, Contact, ProjectContact, ProjectPage, live_transfers

DATA_LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Hanse Wissensnetz (Lübeck, Rostock, Stralsund, Wismar)",
}
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str


COLUMNS = [
    Column("id", "Dauerhafte Kennung des Projekts im Wissensnetz (Zahl)."),
    Column("title", "Name des Projekts."),
    Column("url", "Adresse der Projektseite."),
    Column("city", "Kürzel der Stadt, die das Projekt führt, z. B. „luebeck“."),
    Column("city_name", "Name dieser Stadt."),
    Column("municipality_key", "Amtlicher Gemeindeschlüssel dieser Stadt (8 Ziffern)."),
    Column("summary", "Kurzbeschreibung (Klartext, höchstens 400 Zeichen)."),
    Column(
        "status",
        "Stand: idea, planning, pilot, operation, completed oder discontinued.",
    ),
    Column("status_label", "Stand in Worten (deutsch)."),
    Column("fields_of_action", "Kürzel der Handlungsfelder, durch „; “ getrennt."),
    Column("tags", "Schlagwörter, durch „; “ getrennt."),
    Column("start_date", "Projektbeginn (JJJJ-MM-TT), leer wenn unbekannt."),
    Column("end_date", "Projektende (JJJJ-MM-TT), leer wenn unbekannt."),
    Column("investment_eur", "Einmalige Investition in ganzen Euro, leer wenn unbekannt."),
    Column("operating_cost_eur", "Betriebskosten pro Jahr in ganzen Euro, leer wenn unbekannt."),
    Column("funding_source", "Förderprogramm oder Finanzierung."),
    Column("partner_cities", "Kürzel der Partnerstädte, durch „; “ getrennt."),
    Column("reusable_concept", "Konzept nachnutzbar (true/false)."),
    Column("reusable_tender", "Ausschreibungsunterlagen nachnutzbar (true/false)."),
    Column("reusable_software", "Software nachnutzbar (true/false)."),
    Column("reusable_data", "Daten oder Schnittstelle nachnutzbar (true/false)."),
    Column("repository_url", "Adresse des Quellcodes."),
    Column("licence", "Lizenz der Software als SPDX-Ausdruck, z. B. „EUPL-1.2“."),
    Column("adopted_from", "Ids der Projekte, von denen dieses übernommen hat, „; “-getrennt."),
    Column("reused_in_count", "Wie oft Projekte anderer Städte dieses übernommen haben."),
    Column(
        "public_contacts",
        "Öffentliche Ansprechpersonen als „Name <E-Mail>“, durch „; “ getrennt.",
    ),
    Column(
        "last_reviewed",
        "Wann die Angaben zuletzt geprüft wurden (JJJJ-MM-TT), leer wenn noch nie.",
    ),
    Column(
        "possibly_outdated",
        "Möglicherweise veraltet (true/false): true, wenn die Angaben seit mehr als zwölf "
        "Monaten nicht geprüft wurden oder, nie geprüft, das Projekt vor mehr als zwölf "
        "Monaten erstmals veröffentlicht wurde; dieselbe Regel wie auf der Projektseite "
        "und in der API.",
    ),
    Column("last_published", "Letzte Veröffentlichung der Seite (ISO 8601 mit Zeitzone)."),
    Column(
        "language",
        "Sprache von title, summary und url: „de“ (die Quelle jeder Übersetzung); mit "
        "?locale=en (oder einer anderen Inhaltssprache) deren Kürzel, wo das Projekt "
        "übersetzt ist, sonst „de“. Jedes Projekt ist eine Zeile, seine id immer die "
        "der deutschen Seite.",
    ),
]


def source_pages(pages):
    """
    Published pages of `pages` (a page model or queryset) in the source
    language, German: a translation or an alias of a project is the same
    project, and counting it again would name it twice in every download.
    """
    return in_source_language(published_pages(pages)).filter(alias_of__isnull=True)


def published_projects(*, city: CityPage | None = None):
    """
    All live, public projects (of `city`, if given) with everything the rows
    need, in a fixed number of queries.
    """
    # A download is published for anyone: the contacts an anonymous reader sees.
    public_links = ProjectContact.objects.filter(
        contact__in=Contact.objects.visible_to(None)
    ).select_related("contact")
    projects = source_pages(ProjectPage)
    if city is not None:
        projects = projects.filter(city=city)
    return (
        projects.select_related("city")
        .prefetch_related(
            "fields_of_action",
            "tags",
            "partner_cities",
            Prefetch("project_contacts", queryset=public_links, to_attr="public_contact_links"),
        )
        .order_by("pk")
    )


def project_translations(language: str) -> dict:
    """
    `{translation_key: page}`: the live, public translations of projects into
    `language` (not aliases, which show the German page); one query, none
    for German.
    """
    if language == settings.LANGUAGE_CODE:
        return {}
    translations = for_listing(
        published_pages(ProjectPage).filter(locale__language_code=language, alias_of__isnull=True),
        "summary",
        "translation_key",
    )
    return {page.translation_key: page for page in translations}


def project_rows(
    *, city: CityPage | None = None, language: str = settings.LANGUAGE_CODE
) -> list[dict]:
    """
    One row per project (of `city`, if given). In `language` (not German)
    title, summary and url are the live translation's where there is one,
    and `language` says so.
    """
    transfers = list(live_transfers().values_list("source_project_id", "adopting_project_id"))
    adopted_from, reused = {}, {}
    for source_id, adopting_id in transfers:
        adopted_from.setdefault(adopting_id, []).append(source_id)
        reused[source_id] = reused.get(source_id, 0) + 1
    projects = list(published_projects(city=city))
    translations = project_translations(language)
    rows = []
    for project in projects:
        city = project.city
        shown = translations.get(project.translation_key, project)
        rows.append(
            {
                "id": project.pk,
                "title": shown.title,
                "url": shown.full_url,
                "city": city.slug if city else "",
                "city_name": city.title if city else "",
                "municipality_key": city.municipality_key if city else "",
                "summary": shown.summary,
                "status": project.status,
                "status_label": str(project.get_status_display()),
                "fields_of_action": [item.slug for item in project.fields_of_action.all()],
                "tags": tag_names_in_order(project.tags),
                "start_date": project.start_date,
                "end_date": project.end_date,
                "investment_eur": project.investment_eur,
                "operating_cost_eur": project.operating_cost_eur,
                "funding_source": project.funding_source,
                "partner_cities": sorted(c.slug for c in project.partner_cities.all() if c.live),
                "reusable_concept": project.reusable_concept,
                "reusable_tender": project.reusable_tender,
                "reusable_software": project.reusable_software,
                "reusable_data": project.reusable_data,
                "repository_url": project.repository_url,
                "licence": project.licence,
                "adopted_from": sorted(adopted_from.get(project.pk, [])),
                "reused_in_count": reused.get(project.pk, 0),
                "public_contacts": [
                    {"name": link.contact.name, "email": link.contact.email}
                    for link in sorted(
                        project.public_contact_links, key=lambda link: link.sort_order
                    )
                ],
                "last_reviewed": project.last_reviewed,
                "possibly_outdated": project.possibly_outdated,
                "last_published": project.last_published_at,
                "language": language if shown is not project else settings.LANGUAGE_CODE,
            }
        )
    return rows


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parts.append(f"{item['name']} <{item['email']}>" if item["email"] else item["name"])
            else:
                parts.append(str(item))
        return LIST_SEPARATOR.join(parts)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return strip_tags(str(value))


class UnknownCity(Exception):
    """`?city=` names no published city."""


def requested_city(request) -> CityPage | None:
    """The city that `?city=<slug>` names, None without the parameter; UnknownCity else."""
    slug = request.GET.get("city")
    if slug is None:
        return None
    # PostgreSQL refuses NUL in a query: no city has it in its slug.
    city = None if "\x00" in slug else source_pages(CityPage).filter(slug=slug).first()
    if city is None:
        raise UnknownCity(slug)
    return city


def unknown_city_response(slug: str) -> HttpResponse:
    return HttpResponseNotFound(
        _("Keine Stadt mit dem Kürzel „%(slug)s“ im Wissensnetz.") % {"slug": slug},
        content_type="text/plain; charset=utf-8",
    )


def download_name(city: CityPage | None, extension: str) -> str:
    return f"projekte-{city.slug}.{extension}" if city else f"projekte.{extension}"


def requested_rows(request):
    """
    The rows `?city=` and `?locale=` ask for, or the response that says what
    is wrong: 404 for an unknown city, 400 naming the languages there are.
    """
    try:
        city = requested_city(request)
    except UnknownCity as error:
        return unknown_city_response(str(error))
    language = requested_language(request.GET.get("locale"))
    if language is None:
        error = filter_error("locale", request.GET["locale"], content_language_codes())
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return city, project_rows(city=city, language=language)


def projects_csv(request):
    requested = requested_rows(request)
    if isinstance(requested, HttpResponse):
        return requested
    city, rows = requested
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download_name(city, "csv")}"'
    # A byte order mark, so spreadsheet programs read the umlauts as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([column.name for column in COLUMNS])
    for row in rows:
        writer.writerow([csv_value(row[column.name]) for column in COLUMNS])
    return response


def projects_json(request):
    requested = requested_rows(request)
    if isinstance(requested, HttpResponse):
        return requested
    city, rows = requested
    document = {
        "licence": DATA_LICENCE,
        "generated": timezone.now(),
        "columns": {column.name: column.description for column in COLUMNS},
        "projects": rows,
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{download_name(city, "json")}"'
    return response


def open_data_page(request):
    return render(
        request,
        "pages/open_data.html",
        {"columns": COLUMNS, "licence": DATA_LICENCE, "list_separator": LIST_SEPARATOR},
    )
