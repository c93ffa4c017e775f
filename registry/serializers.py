"""
Read-API serializers of the registry. Contacts go out only as their
visibility allows: anonymous requests get public contacts only, never a
partners-only one (registry.models.contacts decides).

Each field that reads other tables has a `…_prefetch()` beside it: an API
listing (registry/api.py) fetches those rows once for all listed pages, and the
field reads them from the attribute the prefetch fills. A single page (the
detail view) has no such attribute and the field queries on its own.
"""

from django.db.models import Prefetch

from rest_framework.fields import Field

from core.queries import in_source_language, published_pages
from core.serializers import page_reference


def contact_data(contact) -> dict:
    return {
        "name": contact.name,
        "is_function": contact.is_function,
        "role": contact.role,
        "organisation": contact.organisation,
        "email": contact.email,
        "phone": contact.phone,
    }


def request_user(context):
    request = context.get("request")
    return getattr(request, "user", None)


def project_contacts_prefetch() -> Prefetch:
    from .models import ProjectContact

    return Prefetch(
        "project_contacts",
        queryset=ProjectContact.objects.select_related("contact").order_by("sort_order", "pk"),
        to_attr="api_contact_links",
    )


class ProjectContactsField(Field):
    """A project's contacts with their role in the project, filtered by visibility."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        user = request_user(self.context)
        links = getattr(project, "api_contact_links", None)
        if links is None:
            links = project.project_contacts.select_related("contact").order_by("sort_order")
        return [
            {**contact_data(link.contact), "role_in_project": link.role_in_project}
            for link in links
            if link.contact.is_visible_to(user)
        ]


def city_contacts_prefetch(user) -> Prefetch:
    """The contacts `user` may see, for every listed city at once."""
    from .models import Contact

    return Prefetch(
        "contacts",
        queryset=Contact.objects.visible_to(user).order_by("name", "pk"),
        to_attr="api_visible_contacts",
    )


class CityContactsField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, city):
        from .models import Contact

        contacts = getattr(city, "api_visible_contacts", None)
        if contacts is None:
            contacts = (
                Contact.objects.visible_to(request_user(self.context))
                .filter(city=city)
                .order_by("name")
            )
        return [contact_data(contact) for contact in contacts]


def adopted_from_prefetch() -> Prefetch:
    from .models import Transfer

    return Prefetch(
        "adopted_from",
        queryset=Transfer.objects.select_related("source_project__city").order_by(
            "sort_order", "pk"
        ),
        to_attr="api_adopted_from",
    )


class TransfersField(Field):
    """„Übernommen von“ of a project: the live source projects with date and effort."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        request = self.context.get("request")
        transfers = getattr(project, "api_adopted_from", None)
        if transfers is None:
            transfers = project.adopted_from.select_related("source_project__city")
        return [
            {
                "source_project": page_reference(transfer.source_project, request),
                "date": transfer.date.isoformat() if transfer.date else None,
                "effort_person_days": (
                    str(transfer.effort_person_days)
                    if transfer.effort_person_days is not None
                    else None
                ),
                "effort_level": transfer.effort_level or None,
            }
            for transfer in transfers
            if transfer.source_project.live
        ]


def reused_in_transfers():
    """
    Transfers whose adopting project readers can open, in German: a
    translated adopting project carries a copy of its transfer
    (wagtail-localize copies the inline), which would name the reuse twice.
    """
    from .models import ProjectPage, Transfer

    return Transfer.objects.filter(
        adopting_project__in=in_source_language(published_pages(ProjectPage))
    ).select_related("adopting_project__city")


def reused_in_prefetch() -> Prefetch:
    """The transfers out of every listed project whose adopting project readers can open."""
    return Prefetch("transfers_out", queryset=reused_in_transfers(), to_attr="api_reused_by")


class ReusedInField(Field):
    """The live projects of other cities that adopted this project."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        from .models import reuse_order

        request = self.context.get("request")
        transfers = getattr(project, "api_reused_by", None)
        if transfers is None:
            # The detail view: the listing's rows (reused_in_prefetch), queried.
            transfers = reused_in_transfers().filter(source_project=project)
        transfers = sorted(transfers, key=reuse_order)
        return [page_reference(transfer.adopting_project, request) for transfer in transfers]
