"""
The admin URL probe's plan: every URL pattern under /admin/, walked from
Django's resolver, and for each the arguments that point it at the other
city's objects.

Nothing here touches the database, so the plan can be listed at collection
time (one pytest case per pattern, role and method) and by
`permissions_doc.py` for the coverage section of docs/permissions.md. An
argument is named by the *kind* of object it takes (`Victim("contact")`);
the test module builds one object per kind for Rostock and fills them in.

A new admin view is probed without anyone writing a test for it: its
pattern is picked up here, and if its arguments are of a kind the plan does
not know, its case fails and names the pattern (see `Unfillable`).
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class AdminPattern:
    route: str  # as Django prints it, e.g. "admin/pages/<int:page_id>/edit/"
    namespace: str  # "wagtailadmin_pages", "" for none
    name: str | None
    arguments: tuple[str, ...]
    is_regex: bool


@dataclass(frozen=True)
class Victim:
    """An object of the other city (or, for shared things, the one there is) by kind."""

    kind: str


@dataclass(frozen=True)
class ProbeCase:
    pattern: AdminPattern
    variant: str  # "" or e.g. the bulk action "delete"
    arguments: dict = field(default_factory=dict)  # argument -> str | Victim
    query: dict = field(default_factory=dict)  # parameter -> str | Victim
    json: bool = False  # the admin API takes JSON bodies

    @property
    def label(self) -> str:
        return self.pattern.route + (f" [{self.variant}]" if self.variant else "")


@dataclass(frozen=True)
class Unfillable:
    """A pattern the plan cannot point at another city's object: its case fails."""

    pattern: AdminPattern
    reason: str

    @property
    def label(self) -> str:
        return self.pattern.route


# Patterns that take no city-owned object, and why. Everything else is probed.
ALLOW_LIST = {
    # Wagtail's catch-all for unknown admin URLs (a regular expression without
    # groups, answered with the admin's 404 page); there is no object to put in it.
    "admin/^.*/$": "Auffang-Muster für unbekannte Admin-Adressen, ohne Objekt",
    # Wagtail's deliberate error (it always raises, to test error reporting);
    # it reads no object. That any signed-in admin user can raise it is Wagtail's choice.
    "admin/failwhale/": "Wagtails absichtlicher Fehler zum Prüfen der Fehlerberichte, ohne Objekt",
    # Site settings: the project registers no settings model, so the views have
    # no model to open. A settings model added later must be probed: remove these.
    "admin/settings/<slug:app_name>/<slug:model_name>/": "kein Einstellungsmodell registriert",
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": (
        "kein Einstellungsmodell registriert"
    ),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": (
        "kein Einstellungsmodell registriert"
    ),
}

# What an argument takes, where its name alone says so.
ARGUMENT_KINDS = {
    "page_id": "lesson",
    "page_to_move_id": "lesson",
    "object_id": "lesson",
    "parent_page_id": "project",
    # Where a page would be moved to: a page of the attacker's own city.
    "destination_id": "own_project",
    "page_pk": "city",
    "revision_id": "revision",
    "revision_id_a": "first_revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "collection_id": "collection",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "redirect_id": "redirect",
    "session_id": "editing_session",
    "uidb64": "user_uidb64",
    "token": "password_reset_token",
    # wagtail-localize: the translation of the other city's English lesson.
    "translation_id": "translation",
    "translation_source_id": "translation_source",
    "string_segment_id": "string_segment",
    "overridable_segment_id": "overridable_segment",
}

# What `pk` is, by the namespace of the pattern.
PK_KINDS = {
    "wagtailadmin_api:pages": "lesson",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_pages": "lesson",
    "wagtailadmin_collections": "collection",
    "wagtailsites": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    # The locales are the alliance's, one per content language: no city's.
    "wagtaillocales": "locale",
}

# Snippet models (app_label.model_name) and the kind of their victim object.
SNIPPET_KINDS = {
    "registry.contact": "contact",
    "registry.reuserequest": "reuse_request",
    # Fields of action are the alliance's shared vocabulary, not a city's.
    "registry.fieldofaction": "field_of_action",
    # Synonyms are the alliance's, for the search; no city role may touch them.
    "core.synonymgroup": "synonym_group",
    # Partner networks are the alliance administration's; no city role may see them.
    "discovery.partnernetwork": "partner_network",
}

# The page type of the other city's lesson, for views that take a page type.
LESSON_TYPE = {"content_type_app_name": "knowledge", "content_type_model_name": "lessonpage"}

# Words searched for in every listing: all of the other city's titles contain it.
SEARCH = "Rostock"


def _walk(resolver, prefix="", namespaces=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            spaces = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, prefix + str(entry.pattern), spaces)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), ":".join(namespaces), entry


def admin_patterns() -> list[AdminPattern]:
    """Every URL pattern under the Wagtail admin, through all includes."""
    patterns = []
    for route, namespace, entry in _walk(get_resolver()):
        if not route.startswith(ADMIN_PREFIX):
            continue
        regex = route.replace(ADMIN_PREFIX, "", 1)
        patterns.append(
            AdminPattern(
                route=route,
                namespace=namespace,
                name=entry.name,
                arguments=tuple(entry.pattern.regex.groupindex),
                is_regex=any(mark in regex for mark in "^$\\("),
            )
        )
    return patterns


def _snippet_kind(namespace: str) -> str | None:
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_model = namespace.removeprefix(prefix).replace("_", ".", 1)
            return SNIPPET_KINDS.get(app_model, f"unbekanntes Snippet-Modell {app_model}")
    return None


def _object_kind(pattern: AdminPattern) -> str | None:
    """The kind of object a pattern is about, for `pk` and `?id=`."""
    snippet = _snippet_kind(pattern.namespace)
    if snippet:
        return snippet
    if pattern.namespace == "wagtailadmin_workflows":
        return "task" if (pattern.name or "").endswith("_task") else "workflow"
    if pattern.namespace == "wagtailadmin_pages" or pattern.route.startswith("admin/choose-page/"):
        return "lesson"
    return PK_KINDS.get(pattern.namespace)


def _bulk_cases(pattern: AdminPattern) -> list[ProbeCase]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    kinds = {
        "wagtailcore.page": "lesson",
        "wagtailimages.image": "image",
        "wagtaildocs.document": "document",
        "auth.user": "user",
        **SNIPPET_KINDS,
    }
    cases = []
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, actions in sorted(models.items()):
            model = f"{app_label}.{model_name}"
            kind = kinds.get(model, f"unbekanntes Modell {model}")
            for action in sorted(actions):
                cases.append(
                    ProbeCase(
                        pattern=pattern,
                        variant=f"{model}.{action}",
                        arguments={
                            "app_label": app_label,
                            "model_name": model_name,
                            "action": action,
                        },
                        query={"id": Victim(kind)},
                    )
                )
    return cases


def _api_action_cases(pattern: AdminPattern) -> list[ProbeCase]:
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    return [
        ProbeCase(
            pattern=pattern,
            variant=action,
            arguments={"pk": Victim("lesson"), "action_name": action},
            json=True,
        )
        for action in sorted(PagesAdminAPIViewSet.actions)
    ]


def probe_cases(pattern: AdminPattern) -> list[ProbeCase | Unfillable]:
    """The requests that point one pattern at the other city, or why there are none."""
    if pattern.route in ALLOW_LIST:
        return []
    if pattern.name is None and pattern.is_regex:
        return [Unfillable(pattern, "regulärer Ausdruck ohne Namen, nicht umkehrbar")]
    if pattern.name == "wagtail_bulk_action":
        return _bulk_cases(pattern)
    if pattern.namespace == "wagtailadmin_api:pages" and pattern.name == "action":
        return _api_action_cases(pattern)

    fixed = {}
    if "content_type_app_name" in pattern.arguments:
        fixed.update(LESSON_TYPE)
    if pattern.namespace == "wagtailadmin_pages" and pattern.name == "choose_parent":
        fixed.update(app_label="knowledge", model_name="lessonpage")
    if pattern.namespace == "wagtailadmin_workflows" and pattern.name == "add_task":
        fixed.update(app_label="wagtailcore", model_name="groupapprovaltask")
    if pattern.name == "wagtailadmin_tag_model_autocomplete":
        fixed.update(app_name="taggit", model_name="tag")
    if pattern.namespace == "wagtailadmin_editing_sessions" and pattern.name == "ping":
        fixed.update(app_label="wagtailcore", model_name="page")
    if pattern.namespace == "wagtailimages" and "filter_spec" in pattern.arguments:
        fixed["filter_spec"] = "original"
    # wagtail-localize's snippet views (translate, its chooser's list): the
    # other city's contacts, a city-owned snippet; the preview in a mode.
    if pattern.route.startswith("admin/localize/") and "app_label" in pattern.arguments:
        fixed.update(app_label="registry", model_name="contact")
        if "pk" in pattern.arguments:
            fixed["pk"] = Victim("contact")
    if pattern.route.startswith("admin/localize/") and "mode" in pattern.arguments:
        fixed["mode"] = "default"
    # A page under review: its workflow and task states belong to the moderated draft.
    in_review = {"task_state_id", "workflow_state_id", "task_id"} & set(pattern.arguments)
    if in_review and "page_id" in pattern.arguments:
        fixed["page_id"] = Victim("moderated_page")
    if "uploaded_file_id" in pattern.arguments:
        uploads = {"wagtailimages": "uploaded_image", "wagtaildocs": "uploaded_document"}
        if pattern.namespace in uploads:
            fixed["uploaded_file_id"] = Victim(uploads[pattern.namespace])

    variants = [("", {})]
    if "action_name" in pattern.arguments and pattern.namespace == "wagtailadmin_pages":
        variants = [(action, {"action_name": action}) for action in ("approve", "reject")]

    cases = []
    for variant, extra in variants:
        arguments = {}
        for argument in pattern.arguments:
            value = extra.get(argument, fixed.get(argument))
            if value is None:
                kind = ARGUMENT_KINDS.get(argument)
                if argument == "pk":
                    kind = _object_kind(pattern)
                if kind is None:
                    reason = f"keine Art von Objekt für das Argument {argument}"
                    return [Unfillable(pattern, reason)]
                value = Victim(kind)
            arguments[argument] = value
        query = {} if pattern.namespace.startswith("wagtailadmin_api") else {"q": SEARCH}
        if pattern.name in {"chosen_multiple", "wagtailadmin_choose_page_chosen_multiple"}:
            query["id"] = Victim(_object_kind(pattern) or "lesson")
        if pattern.namespace == "wagtailadmin_api:pages" and pattern.name == "listing":
            query["child_of"] = Victim("project")
        if pattern.name == "find":
            query["id"] = Victim(_object_kind(pattern))
        if pattern.namespace.startswith("wagtailadmin_api:") and pattern.name == "listing":
            query.setdefault("search", SEARCH)
        cases.append(
            ProbeCase(
                pattern=pattern,
                variant=variant,
                arguments=arguments,
                query=query,
                json=pattern.namespace.startswith("wagtailadmin_api"),
            )
        )
    return cases


def probe_plan() -> list[ProbeCase | Unfillable]:
    return [case for pattern in admin_patterns() for case in probe_cases(pattern)]


def coverage() -> dict:
    """Figures for docs/permissions.md."""
    patterns = admin_patterns()
    with_object = [p for p in patterns if p.arguments]
    plan = probe_plan()
    probed_routes = {case.pattern.route for case in plan if isinstance(case, ProbeCase)}
    return {
        "patterns": len(patterns),
        "with_arguments": len(with_object),
        "with_arguments_probed": len([p for p in with_object if p.route in probed_routes]),
        "probed": len(probed_routes),
        "cases": len([case for case in plan if isinstance(case, ProbeCase)]),
        "unfillable": [case for case in plan if isinstance(case, Unfillable)],
        "allow_list": dict(ALLOW_LIST),
    }
