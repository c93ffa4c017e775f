"""
Read-API serializers of the registry. Contacts go out only as their
visibility allows: anonymous requests get public contacts only, never a
partners-only one (the same rule as ContactQuerySet.visible_to).
"""

from rest_framework.fields import Field


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


class ProjectContactsField(Field):
    """A project's contacts with their role in the project, filtered by visibility."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        user = request_user(self.context)
        authenticated = user is not None and user.is_authenticated
        return [
            {**contact_data(link.contact), "role_in_project": link.role_in_project}
            for link in project.project_contacts.select_related("contact").order_by("sort_order")
            if authenticated or link.contact.is_public
        ]


class CityContactsField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, city):
        from .models import Contact

        contacts = Contact.objects.visible_to(request_user(self.context)).filter(city=city)
        return [contact_data(contact) for contact in contacts.order_by("name")]


class TransfersField(Field):
    """„Übernommen von“ of a project: the live source projects with date and effort."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        from home.serializers import page_reference

        request = self.context.get("request")
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
            for transfer in project.adopted_from.select_related("source_project__city")
            if transfer.source_project.live
        ]


class ReusedInField(Field):
    """The live projects of other cities that adopted this project."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, project):
        from home.serializers import page_reference

        from .models import project_transfer_context

        request = self.context.get("request")
        return [
            page_reference(transfer.adopting_project, request)
            for transfer in project_transfer_context(project=project)["reused_by_list"]
        ]
