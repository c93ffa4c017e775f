"""
Who belongs to which city, read from the page permissions that governance
(governance.services) grants: a user's cities are the cities on whose page one
of the user's groups holds a page permission. Read by the registry's own
permission rules, by the wiki (which city wrote an article) and the admin.
"""

from wagtail.models import Revision

from .models import CityPage

# The group governance.services creates for the alliance's administrators.
ALLIANCE_ADMIN_GROUP_NAME = "Verbund – Administration"


def user_is_alliance_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_wissensnetz_alliance_admin", None)
    if cached is None:
        cached = user.groups.filter(name=ALLIANCE_ADMIN_GROUP_NAME).exists()
        user._wissensnetz_alliance_admin = cached
    return cached


def user_city_ids(user) -> frozenset[int]:
    """
    Ids of the cities on whose page one of the user's groups holds a page
    permission. Cached on the user object, i.e. once per request.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_wissensnetz_city_ids", None)
    if cached is None:
        cached = frozenset(
            CityPage.objects.filter(group_permissions__group__user=user)
            .values_list("pk", flat=True)
            .distinct()
        )
        user._wissensnetz_city_ids = cached
    return cached


def city_of_user(user_id: int | None) -> CityPage | None:
    """The city a user writes for (the first by title if several), in one query."""
    if user_id is None:
        return None
    # A city's translations hold its rights too; its German page (first in
    # the tree) is the one named.
    cities = CityPage.objects.filter(group_permissions__group__user=user_id)
    return cities.order_by("title", "path").first()


def city_of_revision_author(revision_id: int | None) -> CityPage | None:
    """The city whose editor wrote this revision, in one query (None for alliance staff)."""
    if revision_id is None:
        return None
    authors = Revision.objects.filter(pk=revision_id).values("user_id")
    return (
        CityPage.objects.filter(group_permissions__group__user__in=authors)
        .order_by("title", "path")
        .first()
    )
