"""
Give the alliance administration's group the right to maintain the synonym
groups, in a database where governance created that group before synonyms
existed. A new database gets the rights where governance creates the group
(governance.services.ALLIANCE_ADMIN_MODEL_PERMISSIONS); this migration does
the same for an existing one, and only for that group: the cities' groups get
no right on synonyms.

Django creates a model's permissions after all migrations have run
(post_migrate), so they are created here first, the way Django does it.
The group name is written out rather than imported: core sits below the app
that names it (registry.membership.ALLIANCE_ADMIN_GROUP_NAME), and a
migration keeps the name the group had when it was written.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALLIANCE_ADMIN_GROUP_NAME = "Verbund – Administration"
CODENAMES = ("add_synonymgroup", "change_synonymgroup", "delete_synonymgroup", "view_synonymgroup")


def synonym_permissions(apps):
    create_permissions(global_apps.get_app_config("core"), apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="core", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=ALLIANCE_ADMIN_GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*synonym_permissions(apps))


def withdraw(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ALLIANCE_ADMIN_GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="core", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_synonymgroup"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, withdraw)]
