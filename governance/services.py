"""
Who may do what: the groups, page permissions, collections and workflows that
let each member city edit only its own content.

Every function here is idempotent (safe to call again for the same city) and
keyword-only, so the admin hook, `manage.py add_city` and the demo loader all
run the same code. Page permissions sit on the city page only, never on single
projects: Wagtail checks a user's page permissions row by row, and an editor
with a few rows stays fast however many projects the city adds
(https://docs.wagtail.org/en/stable/topics/permissions.html#page-permissions).

A user's cities are derived, not stored: the cities on whose page one of the
user's groups holds a page permission. A city's own groups, collection and
workflow are found the same way, by what they hold, and carry the city's
title only as their name; when a city is renamed, the names follow
(`city_governance_rename`, called on publication from governance.signals).
Who belongs to which city is read in registry.membership.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import NewsIndexPage
from knowledge.models import KnowledgeIndexPage
from registry.approvers import ApproverChoice
from registry.membership import ALLIANCE_ADMIN_GROUP_NAME
from registry.models import CityIndexPage, CityPage

logger = logging.getLogger(__name__)

EDITORS_GROUP_NAME = "{city} – Redaktion"
MODERATORS_GROUP_NAME = "{city} – Freigabe"
WORKFLOW_NAME = "Freigabe durch die Stadt – {city}"
TASK_NAME = "Freigabe {city}"
PRESS_GROUP_NAME = "Presse"
WIKI_WORKFLOW_NAME = "Freigabe Wissensbereich"
WIKI_TASK_NAME = "Freigabe Wissensartikel"

# Page permissions on the city page (Wagtail's codenames on wagtailcore.Page).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",  # a project with its lessons
    "lock_page",
    "unlock_page",
)
# The shared wiki: every city's editors write, every city's moderators publish.
WIKI_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
WIKI_MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
PRESS_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
ALLIANCE_ADMIN_PAGE_PERMISSIONS = MODERATOR_PAGE_PERMISSIONS

# Model permissions, as "app_label.codename". Contacts are limited to the
# user's own cities by registry.permissions.ContactPermissionPolicy.
CITY_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "registry.add_contact",
    "registry.change_contact",
    "registry.delete_contact",
    "registry.view_contact",
    # Reuse requests from other municipalities, filtered to the city's projects.
    "registry.view_reuserequest",
    # Translating the city's pages (wagtail-localize); which pages, the page
    # permissions say (registry.admin_views.SubmitPageTranslationView).
    "wagtail_localize.submit_translation",
)
PRESS_MODEL_PERMISSIONS = ("wagtailadmin.access_admin",)
ALLIANCE_ADMIN_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "auth.add_user",
    "auth.change_user",
    "registry.add_contact",
    "registry.change_contact",
    "registry.delete_contact",
    "registry.view_contact",
    "registry.add_fieldofaction",
    "registry.change_fieldofaction",
    "registry.delete_fieldofaction",
    "registry.view_reuserequest",
    # The home page, city index and any city's pages in other languages.
    "wagtail_localize.submit_translation",
    # The search's synonyms (core.search.models) are the alliance's alone;
    # core migration 0002 grants these to an alliance group created earlier.
    "core.add_synonymgroup",
    "core.change_synonymgroup",
    "core.delete_synonymgroup",
    "core.view_synonymgroup",
)
# Images and documents in the city's own collection.
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)


@dataclass(frozen=True)
class CityGovernance:
    editors: Group
    moderators: Group
    collection: Collection
    workflow: Workflow


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------


def permissions_by_name(names) -> list[Permission]:
    """Permission rows for "app_label.codename" names; a missing one is a programming error."""
    wanted = [name.split(".", 1) for name in names]
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(
            codename__in=[codename for _, codename in wanted]
        ).select_related("content_type")
    }
    missing = [f"{app}.{codename}" for app, codename in wanted if (app, codename) not in found]
    if missing:
        raise LookupError(f"Berechtigungen fehlen: {', '.join(missing)}")
    return [found[(app, codename)] for app, codename in wanted]


def page_in_every_language(page: Page):
    """
    The page and its translations (and aliases) in every locale: one
    translation key. Rights and workflows sit on all of them alike, so a
    city's groups work on their city's pages in every language and on no
    other city's (https://docs.wagtail.org/en/stable/advanced_topics/i18n.html).
    """
    return Page.objects.filter(translation_key=page.translation_key).order_by("path")


def page_in_source_language(page: Page) -> Page:
    """The German page of which `page` is a translation (the page itself if it is German)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    source = type(page).objects.filter(translation_key=page.translation_key, locale=default)
    return source.first() or page


def page_permissions_grant(*, group: Group, page: Page, codenames) -> None:
    """`codenames` for `group` on `page` and on each of its translations."""
    permissions = permissions_by_name(f"wagtailcore.{codename}" for codename in codenames)
    for target in page_in_every_language(page):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=target, permission=permission
            )


@transaction.atomic
def page_translation_governance_copy(*, source: Page, translation: Page) -> None:
    """
    A new translation (or alias) of `source` gets what the source holds: the
    groups' page permissions and the review workflow. Called when
    wagtail-localize or Wagtail copies a page into another locale
    (governance.signals), so a city's English tree is its editors' at once,
    and the English home page and city index stay the alliance's.
    """
    for row in (
        GroupPagePermission.objects.filter(page=source)
        .values("group_id", "permission_id")
        .distinct()
    ):
        GroupPagePermission.objects.get_or_create(page=translation, **row)
    assigned = WorkflowPage.objects.filter(page=source).first()
    if assigned is not None:
        WorkflowPage.objects.get_or_create(
            page=translation, defaults={"workflow_id": assigned.workflow_id}
        )


def collection_permissions_grant(*, group: Group, collection: Collection) -> None:
    for permission in permissions_by_name(COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def collection_ensure(*, name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def approval_workflow_ensure(*, workflow_name: str, task_name: str, page: Page, groups) -> Workflow:
    """
    A one-step group approval workflow on `page`, approved by `groups`. The
    workflow already on the page is kept, whatever its name now is.
    """
    page = page_in_source_language(page)
    assigned = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    if assigned is not None:
        workflow = assigned.workflow
    else:
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name)
    task = approval_task_find(workflow=workflow, groups=groups)
    if task is None:
        task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(*groups)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # The same review for the page's translations (their subtrees included).
    for target in page_in_every_language(page):
        WorkflowPage.objects.update_or_create(page=target, defaults={"workflow": workflow})
    return workflow


def approval_task_find(*, workflow: Workflow, groups) -> GroupApprovalTask | None:
    """The workflow's approval step that one of `groups` decides (not a step added by hand)."""
    return (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, groups__in=groups)
        .order_by("pk")
        .first()
    )


# --------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------


def city_groups_find(*, city: CityPage) -> tuple[Group | None, Group | None]:
    """
    The city's "Redaktion" and "Freigabe" groups, found by their page
    permissions on the city page rather than by name, so that they stay the
    city's groups after a rename: the moderators may publish there, the
    editors only add and change. Should someone have given a further group
    rights on the city page, the group with the expected name wins, then the
    oldest. Names follow the German page, whichever translation is given.
    """
    city = page_in_source_language(city)
    codenames_by_group: dict[Group, set[str]] = {}
    rows = GroupPagePermission.objects.filter(page=city).select_related("group", "permission")
    for row in rows:
        codenames_by_group.setdefault(row.group, set()).add(row.permission.codename)
    moderators = [g for g, codes in codenames_by_group.items() if "publish_page" in codes]
    editors = [
        g
        for g, codes in codenames_by_group.items()
        if "change_page" in codes and "publish_page" not in codes
    ]

    def best(groups, pattern):
        expected, suffix = pattern.format(city=city.title), pattern.format(city="")
        return min(
            groups,
            key=lambda g: (g.name != expected, not g.name.endswith(suffix), g.pk),
            default=None,
        )

    return best(editors, EDITORS_GROUP_NAME), best(moderators, MODERATORS_GROUP_NAME)


def city_collection_find(*, city: CityPage, groups) -> Collection | None:
    """The top-level collection the city's groups hold image and document permissions on."""
    candidates = Collection.objects.filter(depth=2, group_permissions__group__in=groups).distinct()
    return min(candidates, key=lambda c: (c.name != city.title, c.pk), default=None)


@transaction.atomic
def city_groups_ensure(*, city: CityPage) -> tuple[Group, Group]:
    """The city's "Redaktion" and "Freigabe" groups with their page permissions."""
    editors, moderators = city_groups_find(city=city)
    if editors is None:
        editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP_NAME.format(city=city.title))
    if moderators is None:
        moderators, _ = Group.objects.get_or_create(
            name=MODERATORS_GROUP_NAME.format(city=city.title)
        )
    page_permissions_grant(group=editors, page=city, codenames=EDITOR_PAGE_PERMISSIONS)
    page_permissions_grant(group=moderators, page=city, codenames=MODERATOR_PAGE_PERMISSIONS)
    model_permissions = permissions_by_name(CITY_MODEL_PERMISSIONS)
    editors.permissions.add(*model_permissions)
    moderators.permissions.add(*model_permissions)
    return editors, moderators


@transaction.atomic
def city_governance_ensure(*, city: CityPage) -> CityGovernance:
    """
    Everything a new member city needs: groups, its image and document
    collection, the review workflow on its page and a seat in the shared wiki;
    on the city's German page and on every translation it has already.
    """
    city = page_in_source_language(city)
    editors, moderators = city_groups_ensure(city=city)
    collection = city_collection_find(city=city, groups=[editors, moderators])
    if collection is None:
        collection = collection_ensure(name=city.title)
    collection_permissions_grant(group=editors, collection=collection)
    collection_permissions_grant(group=moderators, collection=collection)
    workflow = approval_workflow_ensure(
        workflow_name=WORKFLOW_NAME.format(city=city.title),
        task_name=TASK_NAME.format(city=city.title),
        page=city,
        groups=[moderators],
    )
    wiki_membership_ensure(editors=editors, moderators=moderators)
    return CityGovernance(
        editors=editors, moderators=moderators, collection=collection, workflow=workflow
    )


@transaction.atomic
def city_governance_rename(*, city: CityPage) -> None:
    """
    Give the city's groups, collection, workflow and review step the city's
    current title, after the city page was renamed. Permissions stay as they
    are: they hang on the rows, not on the names. A name that belongs to some
    other group or collection already is left alone and logged, so publishing
    the city never fails over it. The names are the German page's title: a
    published translation renames nothing.
    """
    if page_in_source_language(city).pk != city.pk:
        return
    editors, moderators = city_groups_find(city=city)
    for group, pattern in ((editors, EDITORS_GROUP_NAME), (moderators, MODERATORS_GROUP_NAME)):
        if group is None:
            continue
        name = pattern.format(city=city.title)
        if group.name == name:
            continue
        if Group.objects.filter(name=name).exclude(pk=group.pk).exists():
            logger.warning("Gruppe „%s“ nicht umbenannt: „%s“ gibt es schon.", group.name, name)
            continue
        group.name = name
        group.save(update_fields=["name"])

    groups = [group for group in (editors, moderators) if group is not None]
    collection = city_collection_find(city=city, groups=groups) if groups else None
    if collection is not None and collection.name != city.title:
        siblings = Collection.get_first_root_node().get_children().exclude(pk=collection.pk)
        if siblings.filter(name=city.title).exists():
            logger.warning(
                "Sammlung „%s“ nicht umbenannt: „%s“ gibt es schon.", collection.name, city.title
            )
        else:
            collection.name = city.title
            collection.save(update_fields=["name"])

    assigned = WorkflowPage.objects.filter(page=city).select_related("workflow").first()
    if assigned is None:
        return
    workflow = assigned.workflow
    in_every_language = page_in_every_language(city).values("pk")
    if WorkflowPage.objects.filter(workflow=workflow).exclude(page__in=in_every_language).exists():
        return  # a workflow shared with other pages is not this city's to rename
    if workflow.name != WORKFLOW_NAME.format(city=city.title):
        workflow.name = WORKFLOW_NAME.format(city=city.title)
        workflow.save(update_fields=["name"])
    task = approval_task_find(workflow=workflow, groups=groups) if groups else None
    if task is not None and task.name != TASK_NAME.format(city=city.title):
        task.name = TASK_NAME.format(city=city.title)
        task.save(update_fields=["name"])


# --------------------------------------------------------------------------
# Admitting a city: governance plus its first approver
# --------------------------------------------------------------------------


@transaction.atomic
def city_admit(
    *, city: CityPage, approver: ApproverChoice, password: str | None = None
) -> tuple[CityGovernance, object]:
    """
    Governance for a new city and its approver in "<Stadt> – Freigabe", in
    one step. A new account without `password` gets an unusable one: the
    person sets their own through "Passwort vergessen".
    """
    governance = city_governance_ensure(city=city)
    user = approver.user
    if user is None:
        user = get_user_model().objects.create_user(
            approver.username, email=approver.email, password=password
        )
    user.groups.add(governance.moderators)
    return governance, user


# --------------------------------------------------------------------------
# Shared wiki, press, alliance administration
# --------------------------------------------------------------------------


def wiki_membership_ensure(*, editors: Group, moderators: Group) -> None:
    """Editors of every member city write wiki articles; any city's moderators publish them."""
    index = KnowledgeIndexPage.objects.first()
    if index is None:
        return
    page_permissions_grant(group=editors, page=index, codenames=WIKI_EDITOR_PAGE_PERMISSIONS)
    page_permissions_grant(group=moderators, page=index, codenames=WIKI_MODERATOR_PAGE_PERMISSIONS)
    approval_workflow_ensure(
        workflow_name=WIKI_WORKFLOW_NAME, task_name=WIKI_TASK_NAME, page=index, groups=[moderators]
    )


@transaction.atomic
def press_group_ensure() -> Group:
    """ "Presse": news pages only, published without review."""
    group, _ = Group.objects.get_or_create(name=PRESS_GROUP_NAME)
    group.permissions.add(*permissions_by_name(PRESS_MODEL_PERMISSIONS))
    index = NewsIndexPage.objects.first()
    if index is not None:
        page_permissions_grant(group=group, page=index, codenames=PRESS_PAGE_PERMISSIONS)
    collection_permissions_grant(group=group, collection=collection_ensure(name=PRESS_GROUP_NAME))
    return group


@transaction.atomic
def alliance_admin_group_ensure() -> Group:
    """Manages cities (the city index page), user accounts, the fields of action and synonyms."""
    group, _ = Group.objects.get_or_create(name=ALLIANCE_ADMIN_GROUP_NAME)
    group.permissions.add(*permissions_by_name(ALLIANCE_ADMIN_MODEL_PERMISSIONS))
    index = CityIndexPage.objects.first()
    if index is not None:
        page_permissions_grant(group=group, page=index, codenames=ALLIANCE_ADMIN_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def governance_ensure_all() -> dict[str, CityGovernance]:
    """
    Groups for every city plus the press and alliance groups; keyed by the
    slug of the city's German page (its translations share its governance).
    """
    cities = CityPage.objects.filter(locale=Locale.get_default())
    result = {city.slug: city_governance_ensure(city=city) for city in cities}
    press_group_ensure()
    alliance_admin_group_ensure()
    return result
