"""
The cities' groups and the alliance administration may translate pages
(wagtail-localize's `submit_translation`), as governance.services grants it
to groups it creates from now on. Which pages, their page permissions say
(registry.admin_views.SubmitPageTranslationView): a city's groups their
city's, the alliance the home page and the city index. Here for groups that
existed before: those with a page permission on a city page, and the
alliance group by its name.
"""

from django.db import migrations

ALLIANCE_ADMIN_GROUP_NAME = "Verbund – Administration"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    CityPage = apps.get_model("registry", "CityPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    permission = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if permission is None:
        return
    city_groups = GroupPagePermission.objects.filter(
        page_id__in=CityPage.objects.values("pk")
    ).values("group_id")
    for group in Group.objects.filter(pk__in=city_groups) | Group.objects.filter(
        name=ALLIANCE_ADMIN_GROUP_NAME
    ):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_municipality_key_shared_by_translations"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    # Reversing leaves the groups as they are: the permission may have been
    # given by hand too.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
