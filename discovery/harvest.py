"""
Harvesting a partner network: read another installation's read API
(/api/v2/projects/ and /api/v2/lessons/, registry/api.py and knowledge/api.py
there) page by page and keep read-only copies of its public projects and
lessons (discovery.models).

All or nothing per network: everything is fetched and checked first, then
written in one transaction. A partner that is down, slow or answers garbage
(an HTTP error, a timeout, no JSON, the wrong shape, absurd sizes, a listing
whose pages do not add up to its total) changes no copy; the error is kept
on the network for the administration, beside the time of the last run and
of the last success. A run reads every listing whole, so a record gone at
the source is gone here after the next run; copies that did not change are
not written. Local pages are never touched: the copies live in tables of
their own.

Only the standard library (urllib): a timeout on every read, a deadline per
network, and a size limit per response. Only http(s) is spoken, redirects
included: urllib's default opener would follow a partner's redirect to an
ftp:// address and read file:// addresses (`OPENER`).

A publiccode.yml catalogue (discovery.publiccode_harvest) is read with the
same fetching and written by the same `partner_copy_replace`, through
`copies_sync` alone; it passes its own reader to `network_harvest`, and may
keep some copies as they are (files refused this time) while it replaces
the others.
"""

import datetime
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.search.backends import get_search_backends

from core.page_cache import page_cache_invalidate_on_commit

from .choices import PartnerNetworkKind
from .models import HarvestedLesson, HarvestedProject, PartnerNetwork

# Seconds one read from the partner may take, and a whole network's run.
READ_TIMEOUT = 20
NETWORK_DEADLINE = 600
# Bytes of one answer: a page of 20 records with the fields asked for is a
# few kilobytes; more is not a listing of this software.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
# Records per listing: far more than an alliance of cities publishes.
MAX_RECORDS = 50_000
# Items per request: the partner's API allows 20 unless configured otherwise.
PAGE_SIZE = 20
# The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1
USER_AGENT = "Hanse-Wissensnetz-Harvester/1"
# Characters of a network's last error kept for the admin.
MAX_ERROR_CHARS = 2000

PROJECT_FIELDS = (
    "title,html_url,first_published_at,last_published_at,translation_key,summary,city,"
    "status,status_label,fields_of_action,tags,start_date,end_date,licence,repository_url,"
    "last_reviewed"
)
LESSON_FIELDS = (
    "title,html_url,first_published_at,last_published_at,translation_key,summary,city,"
    "kind,phase,tags"
)


class HarvestError(Exception):
    """Why a network's run stopped; its message is shown to the administration."""


class DeadlineExceeded(HarvestError):
    """The network's run took longer than NETWORK_DEADLINE: it stops, whatever it was reading."""


@dataclass
class HarvestOutcome:
    network: PartnerNetwork
    error: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Records refused while the others were taken (a catalogue's bad files).
    problems: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return not self.error


# --------------------------------------------------------------------------
# Reading the partner
# --------------------------------------------------------------------------


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an http(s) address (urllib's own also follows ftp://)."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, location)
            if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                raise HarvestError(
                    f"{req.full_url} leitet weiter nach {target}: abgelehnt, "
                    "nur http(s)-Adressen werden gelesen."
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def http_only_opener() -> urllib.request.OpenerDirector:
    """
    urllib's opener without its file:, ftp: and data: handlers: an address of
    any other scheme is refused as an unknown URL type (UnknownHandler).
    Proxies from the environment (http_proxy, https_proxy) still apply.
    """
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


OPENER = http_only_opener()


def deadline_check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise DeadlineExceeded(
            f"Zeitlimit von {NETWORK_DEADLINE} s für das Netzwerk überschritten."
        )


def fetch_bytes(url: str, *, deadline: float, max_bytes: int, accept: str) -> bytes:
    """One answer's body, at most `max_bytes`, or HarvestError saying what went wrong."""
    deadline_check(deadline)
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": USER_AGENT})
    try:
        with OPENER.open(request, timeout=READ_TIMEOUT) as response:
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise HarvestError(f"Antwort von {url} ist größer als {max_bytes // 1024} KB.")
                deadline_check(deadline)
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise HarvestError(f"HTTP {error.code} von {url}.") from error
    except urllib.error.URLError as error:
        raise HarvestError(f"{url} nicht erreichbar: {error.reason}.") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        # A time-out, a connection cut off, a malformed status line, header or
        # body (http.client), a URL it cannot send.
        raise HarvestError(f"{url} nicht lesbar: {error}.") from error
    return b"".join(chunks)


def fetch_json(url: str, *, deadline: float) -> dict:
    """One answer of the partner's API as a JSON object, or HarvestError."""
    body = fetch_bytes(
        url, deadline=deadline, max_bytes=MAX_RESPONSE_BYTES, accept="application/json"
    )
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # RecursionError: JSON nested deeper than the parser goes.
        raise HarvestError(f"Antwort von {url} ist kein JSON.") from error
    if not isinstance(data, dict):
        raise HarvestError(f"Antwort von {url} ist kein JSON-Objekt.")
    return data


def fetch_listing(*, network: PartnerNetwork, endpoint: str, fields: str, deadline: float):
    """
    Every item of one endpoint, page by page, until the partner's
    meta.total_count is reached. A listing that ends early, or whose count
    changes, is refused: a copy from it would drop records that still exist.
    """
    items: dict[int, dict] = {}
    total = None
    offset = 0
    while True:
        query = urllib.parse.urlencode({"fields": fields, "limit": PAGE_SIZE, "offset": offset})
        url = f"{network.api_root}{endpoint}/?{query}"
        data = fetch_json(url, deadline=deadline)
        meta, page = data.get("meta"), data.get("items")
        count = meta.get("total_count") if isinstance(meta, dict) else None
        if type(count) is not int or not isinstance(page, list):
            raise HarvestError(f"Antwort von {url} hat nicht die Form einer Liste der API v2.")
        if not 0 <= count <= MAX_RECORDS:
            raise HarvestError(f"{url} meldet {count} Einträge; erlaubt sind bis {MAX_RECORDS}.")
        if total is None:
            total = count
        elif count != total:
            raise HarvestError(
                f"Die Zahl der Einträge von {endpoint} änderte sich während des Lesens "
                f"({total} → {count}); beim nächsten Lauf erneut."
            )
        if len(page) > PAGE_SIZE:
            raise HarvestError(f"{url} liefert mehr Einträge als angefragt.")
        for item in page:
            if not isinstance(item, dict) or type(item.get("id")) is not int:
                raise HarvestError(f"Ein Eintrag von {url} hat keine gültige ID.")
            if not 0 < item["id"] <= MAX_ID:
                raise HarvestError(f"Ein Eintrag von {url} hat keine gültige ID.")
            items[item["id"]] = item
        offset += len(page)
        if not page or offset >= total:
            break
    if len(items) != total:
        raise HarvestError(
            f"{endpoint}: {len(items)} Einträge gelesen, der Partner meldet {total}; "
            "beim nächsten Lauf erneut."
        )
    return list(items.values())


# --------------------------------------------------------------------------
# Checking what it said
# --------------------------------------------------------------------------


def readable(value, *, max_length: int) -> bool:
    """A string we can store: not too long, and without NUL, which PostgreSQL refuses."""
    return isinstance(value, str) and len(value) <= max_length and "\x00" not in value


def text(item: dict, key: str, *, max_length: int, required: bool = False) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not readable(value, max_length=max_length) or (required and not value.strip()):
        raise HarvestError(f"Eintrag {item['id']}: „{key}“ fehlt oder ist ungültig.")
    return value


def url_value(item: dict, key: str, *, required: bool = False) -> str:
    value = text(item, key, max_length=1000, required=required)
    if value and urllib.parse.urlsplit(value).scheme not in ("http", "https"):
        raise HarvestError(f"Eintrag {item['id']}: „{key}“ ist keine http(s)-Adresse.")
    return value


def date_value(item: dict, key: str) -> datetime.date | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        parsed = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise HarvestError(f"Eintrag {item['id']}: „{key}“ ist kein Datum.")
    return parsed


def datetime_value(item: dict, key: str) -> datetime.datetime | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.UTC)
        if parsed is not None:
            parsed = parsed.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise HarvestError(f"Eintrag {item['id']}: „{key}“ ist kein Zeitpunkt.")
    return parsed


def string_list(item: dict, key: str) -> list[str]:
    value = item.get(key) or []
    if (
        not isinstance(value, list)
        or len(value) > 200
        or not all(readable(entry, max_length=200) for entry in value)
    ):
        raise HarvestError(f"Eintrag {item['id']}: „{key}“ ist keine Liste von Namen.")
    return value


def vocabulary_list(item: dict, key: str) -> list[dict[str, str]]:
    value = item.get(key) or []
    entries = []
    if isinstance(value, list) and len(value) <= 200:
        for entry in value:
            if not isinstance(entry, dict):
                break
            slug, name = entry.get("slug"), entry.get("name")
            if not (readable(slug, max_length=200) and readable(name, max_length=200)):
                break
            entries.append({"slug": slug, "name": name})
        else:
            return entries
    raise HarvestError(f"Eintrag {item['id']}: „{key}“ ist keine Liste von Handlungsfeldern.")


def city_name(item: dict) -> str:
    city = item.get("city")
    if city is None:
        return ""
    title = city.get("title") if isinstance(city, dict) else None
    if not readable(title, max_length=255):
        raise HarvestError(f"Eintrag {item['id']}: „city“ ist ungültig.")
    return title


def meta_value(item: dict, key: str):
    """Wagtail puts html_url, first_published_at and the like under "meta"."""
    meta = item.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise HarvestError(f"Eintrag {item['id']}: „meta“ ist ungültig.")
    return {"id": item["id"], key: (meta or {}).get(key, item.get(key))}


def translation_key_value(item: dict) -> uuid.UUID | None:
    value = meta_value(item, "translation_key")["translation_key"]
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except (AttributeError, TypeError, ValueError):
        raise HarvestError(f"Eintrag {item['id']}: „translation_key“ ist ungültig.") from None


def record_values(item: dict) -> dict:
    """What every copy keeps, from one item of the partner's listing."""
    return {
        "title": text(item, "title", max_length=255, required=True),
        "source_url": url_value(meta_value(item, "html_url"), "html_url", required=True),
        "translation_key": translation_key_value(item),
        "summary": text(item, "summary", max_length=10_000),
        "city_name": city_name(item),
        "tags": string_list(item, "tags"),
        "first_published_at": datetime_value(
            meta_value(item, "first_published_at"), "first_published_at"
        ),
        "last_published_at": datetime_value(
            meta_value(item, "last_published_at"), "last_published_at"
        ),
    }


def project_values(item: dict) -> dict:
    return record_values(item) | {
        "status": text(item, "status", max_length=40),
        "status_label": text(item, "status_label", max_length=100),
        "fields_of_action": vocabulary_list(item, "fields_of_action"),
        "start_date": date_value(item, "start_date"),
        "end_date": date_value(item, "end_date"),
        "licence": text(item, "licence", max_length=200),
        "repository_url": url_value(item, "repository_url"),
        "last_reviewed": date_value(item, "last_reviewed"),
    }


def lesson_values(item: dict) -> dict:
    return record_values(item) | {
        "kind": text(item, "kind", max_length=40),
        "phase": text(item, "phase", max_length=40),
    }


def parent_url(url: str) -> str:
    """The address of the page above: a lesson sits below its project in the partner's tree."""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


@dataclass
class PartnerContent:
    """
    What a network offers, checked and filtered, keyed by the partner's page
    id. `kept_projects`: ids whose copies stay as they are, because their
    record could not be read or was refused this time (`problems` says why).
    """

    projects: dict[int, dict]
    lessons: dict[int, dict]
    kept_projects: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def partner_content(*, network: PartnerNetwork, deadline: float) -> PartnerContent:
    """Everything a network's copy is made of, read and checked before anything is written."""
    projects, lessons = {}, {}
    if not (network.take_projects or network.take_lessons):
        return PartnerContent(projects, lessons)
    wanted = network.field_of_action_slugs
    # The projects are read for lessons too: a lesson follows its project's
    # fields of action, and links to its copy.
    all_projects = {
        item["id"]: project_values(item)
        for item in fetch_listing(
            network=network, endpoint="projects", fields=PROJECT_FIELDS, deadline=deadline
        )
    }
    for source_id, values in all_projects.items():
        if not wanted or wanted & {entry["slug"] for entry in values["fields_of_action"]}:
            projects[source_id] = values
    if network.take_lessons:
        by_url = {values["source_url"]: (pk, values) for pk, values in all_projects.items()}
        for item in fetch_listing(
            network=network, endpoint="lessons", fields=LESSON_FIELDS, deadline=deadline
        ):
            values = lesson_values(item)
            project_id, project = by_url.get(parent_url(values["source_url"]), (None, None))
            if wanted and project_id not in projects:
                continue
            values["project_source_id"] = project_id
            values["project_title"] = project["title"] if project else ""
            values["project_url"] = project["source_url"] if project else ""
            lessons[item["id"]] = values
    if not network.take_projects:
        projects = {}
    return PartnerContent(projects, lessons)


# --------------------------------------------------------------------------
# Writing the copy
# --------------------------------------------------------------------------


# Rows per INSERT or UPDATE statement of a harvest's bulk writes.
WRITE_BATCH = 500


def copies_sync(
    *, model, network: PartnerNetwork, records: dict[int, dict], keep: set[int] = frozenset()
) -> dict[str, int]:
    """
    Make the network's copies of `model` what `records` says: new ones
    created, changed ones saved, unchanged ones (and those in `keep`) left
    alone, the others deleted.

    New and changed copies are written in bulk and indexed for the search in
    one go (`copies_index`): saved one by one, each copy was indexed on its
    own through the save signal, 86 % of a harvest's writing time (8 ms a
    copy on PostgreSQL). Deleted copies leave the index through the delete
    signal, one by one, as before.
    """
    existing = {copy.source_id: copy for copy in model.objects.filter(network=network)}
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    for source_id in keep - records.keys():
        if existing.pop(source_id, None) is not None:
            counts["unchanged"] += 1
    created, changed, changed_fields = [], [], set()
    now = timezone.now()
    for source_id, values in records.items():
        copy = existing.pop(source_id, None)
        if copy is None:
            created.append(model(network=network, source_id=source_id, **values))
            continue
        changes = {name: value for name, value in values.items() if getattr(copy, name) != value}
        if changes:
            for name, value in changes.items():
                setattr(copy, name, value)
            # bulk_update leaves auto_now fields alone: set by hand.
            copy.harvested_at = now
            changed.append(copy)
            changed_fields.update(changes)
        else:
            counts["unchanged"] += 1
    model.objects.bulk_create(created, batch_size=WRITE_BATCH)
    if changed:
        fields = sorted(changed_fields | {"harvested_at"})
        model.objects.bulk_update(changed, fields, batch_size=WRITE_BATCH)
    copies_index(model, created + changed)
    counts["created"], counts["updated"] = len(created), len(changed)
    if existing:
        model.objects.filter(pk__in=[copy.pk for copy in existing.values()]).delete()
        counts["deleted"] = len(existing)
    return counts


def copies_index(model, copies: list) -> None:
    """
    What a save would have done for each of `copies`, once for all: their
    entries in every search backend that updates itself (as `update_index`
    writes them), and the cached pages retired (readers see copies in the
    search and the comparison; core.page_cache).
    """
    if not copies:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, copies)
    page_cache_invalidate_on_commit()


@transaction.atomic
def partner_copy_replace(*, network: PartnerNetwork, content: PartnerContent) -> dict:
    project_counts = copies_sync(
        model=HarvestedProject,
        network=network,
        records=content.projects,
        keep=content.kept_projects,
    )
    project_copies = dict(
        HarvestedProject.objects.filter(network=network).values_list("source_id", "pk")
    )
    lessons = {}
    for source_id, values in content.lessons.items():
        values = dict(values)
        values["project_id"] = project_copies.get(values.pop("project_source_id"))
        lessons[source_id] = values
    lesson_counts = copies_sync(model=HarvestedLesson, network=network, records=lessons)
    network.last_success_at = network.last_run_at
    network.last_error = problems_summary(content.problems)
    network.project_count = project_counts["created"] + project_counts["updated"]
    network.project_count += project_counts["unchanged"]
    network.lesson_count = len(lessons)
    network.save(
        update_fields=[
            "last_run_at",
            "last_success_at",
            "last_error",
            "project_count",
            "lesson_count",
        ]
    )
    return {"projects": project_counts, "lessons": lesson_counts}


def problems_summary(problems: list[str], *, heading: str = "") -> str:
    """The refused records for the admin: as many as MAX_ERROR_CHARS holds, then how many more."""
    if not problems:
        return ""
    lines = [heading or f"{len(problems)} abgelehnt, die übrigen übernommen:"]
    size = len(lines[0])
    for number, problem in enumerate(problems):
        rest = f"… und {len(problems) - number} weitere (alle in der Ausgabe von harvest_network)."
        if size + len(problem) + 1 + len(rest) + 1 > MAX_ERROR_CHARS:
            lines.append(rest)
            break
        lines.append(problem)
        size += len(problem) + 1
    return "\n".join(lines)


def network_harvest(
    *, network: PartnerNetwork, read: Callable[[float], PartnerContent] | None = None
) -> HarvestOutcome:
    """
    One network's run: read everything, then replace its copy in one
    transaction; on any failure the previous copy stays and the error is kept.
    `read(deadline)` reads what the copy is made of: the partner's API unless
    given (a publiccode.yml catalogue: discovery.publiccode_harvest).
    """
    network.last_run_at = timezone.now()
    deadline = time.monotonic() + NETWORK_DEADLINE
    if read is None and network.kind != PartnerNetworkKind.INSTALLATION:
        return harvest_failed(
            network=network, error="Ein publiccode.yml-Katalog ist keine Installation mit API."
        )
    read = read or (lambda deadline: partner_content(network=network, deadline=deadline))
    try:
        content = read(deadline)
        counts = partner_copy_replace(network=network, content=content)
    except DatabaseError as error:
        return harvest_failed(network=network, error=f"Speichern fehlgeschlagen: {error}")
    except HarvestError as error:
        return harvest_failed(network=network, error=str(error))
    return HarvestOutcome(network=network, counts=counts, problems=content.problems)


def harvest_failed(*, network: PartnerNetwork, error: str) -> HarvestOutcome:
    """The previous copy stays; the error is kept for the administration."""
    network.last_error = error[:MAX_ERROR_CHARS]
    network.save(update_fields=["last_run_at", "last_error"])
    return HarvestOutcome(network=network, error=network.last_error)
