"""
Take the rights on every city's content away from Wagtail's default groups
"Editors" and "Moderators".

Wagtail's initial data (wagtailcore 0002 and 0005, wagtailimages and
wagtaildocs with their collection and choose permissions) gives both groups
page permissions on the root page and image and document permissions on the
root collection. Rights there reach every page and every collection below, so
anyone an administrator put into one of these groups could edit, and as a
moderator publish, every city's projects, lessons and images, past the
city's own groups and workflow ("<Stadt> – Redaktion", "<Stadt> – Freigabe",
governance.services), which hold rights on their city page and collection
only. See docs/permissions.md.

The groups themselves stay, with their members and with the right to sign in
to the admin: Wagtail's default "Moderators approval" task names
"Moderators" as its reviewers (switched off by 0004, but an administrator
may switch it on again), and a migration should not silently delete who
belonged to which group. The image and document model permissions go too:
Wagtail decides on images and documents by collection permissions alone, so
they granted nothing but showed as ticked in the group's form.

Reversing restores what Wagtail's initial data gave the two groups.
"""

from django.db import migrations

DEFAULT_GROUP_PAGE_PERMISSIONS = {
    "Editors": ("add_page", "change_page"),
    "Moderators": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
DEFAULT_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
DEFAULT_MODEL_PERMISSIONS = DEFAULT_COLLECTION_PERMISSIONS + (
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
)


def permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    return [
        permission
        for app_label, codename in names
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]


def withdraw_default_group_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = Group.objects.filter(name__in=DEFAULT_GROUP_PAGE_PERMISSIONS)
    # Every right on the root, not only Wagtail's defaults: each one reaches all cities.
    GroupPagePermission.objects.filter(group__in=groups, page__depth=1).delete()
    GroupCollectionPermission.objects.filter(group__in=groups, collection__depth=1).delete()
    model_permissions = permissions(apps, DEFAULT_MODEL_PERMISSIONS)
    for group in groups:
        group.permissions.remove(*model_permissions)


def restore_default_group_rights(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    collection_permissions = permissions(apps, DEFAULT_COLLECTION_PERMISSIONS)
    model_permissions = permissions(apps, DEFAULT_MODEL_PERMISSIONS)
    for group in Group.objects.filter(name__in=DEFAULT_GROUP_PAGE_PERMISSIONS):
        if root_page is not None:
            page_codenames = DEFAULT_GROUP_PAGE_PERMISSIONS[group.name]
            for permission in permissions(
                apps, [("wagtailcore", codename) for codename in page_codenames]
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            for permission in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        group.permissions.add(*model_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_unassign_default_moderation_workflow"),
        # The last migrations that grant the default groups anything.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [
        migrations.RunPython(withdraw_default_group_rights, restore_default_group_rights)
    ]
