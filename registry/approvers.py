"""
The account that approves a new city's pages, named when the city is
admitted (the admin's city creation form, `manage.py add_city`). Only read
and checked here, so the form can refuse a bad name before anything is
created; governance.services.city_admit creates the account if needed and
puts it into "<Stadt> – Freigabe".
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.permissions import policy_registry


@dataclass(frozen=True)
class ApproverChoice:
    """Who approves a new city's pages: an existing account, or one to create."""

    user: object | None
    username: str
    email: str


def approver_choose(*, identifier: str, email: str = "", actor=None) -> ApproverChoice:
    """
    The approver named by username or e-mail. Without an approver a city's
    first submission waits forever in "Freigabe durch die Stadt", so a city
    is admitted only with one. An unknown name becomes a new account, which
    needs an e-mail address: the workflow's notifications go there.

    Naming an account changes its groups, so an `actor` (the admin user
    admitting the city) may name only an account the user model's
    permission policy lets them change, and a new one only if they may add
    accounts: the city form is no way around the account rules of the
    user views. Without `actor` (the command line) every account is open.
    """
    identifier, email = identifier.strip(), email.strip()
    if not identifier:
        raise ValidationError("Bitte das Freigabe-Konto angeben (Benutzername oder E-Mail).")
    user_model = get_user_model()
    user = user_model.objects.filter(username=identifier).first()
    if user is None and "@" in identifier:
        matches = list(user_model.objects.filter(email__iexact=identifier)[:2])
        if len(matches) > 1:
            raise ValidationError(
                f"Mehrere Konten haben die E-Mail „{identifier}“; bitte den Benutzernamen angeben."
            )
        user = matches[0] if matches else None
    policy = policy_registry.get_by_type(user_model)
    if user is not None:
        if actor is not None and not policy.user_has_permission_for_instance(actor, "change", user):
            raise ValidationError(
                f"Das Konto „{user.get_username()}“ hat mehr Rechte, als Sie vergeben dürfen; "
                "Sie können es nicht zum Freigabe-Konto machen."
            )
        if not user.is_active:
            raise ValidationError(f"Das Konto „{user.get_username()}“ ist deaktiviert.")
        return ApproverChoice(user=user, username=user.get_username(), email=user.email)
    if actor is not None and not policy.user_has_permission(actor, "add"):
        raise ValidationError(
            f"Ein Konto „{identifier}“ gibt es nicht, und neue Konten dürfen Sie nicht anlegen."
        )
    email = email or (identifier if "@" in identifier else "")
    if not email:
        raise ValidationError(
            f"Ein Konto „{identifier}“ gibt es nicht. Für ein neues Konto bitte eine "
            "E-Mail-Adresse angeben: dorthin gehen die Freigabe-Benachrichtigungen."
        )
    candidate = user_model(username=identifier, email=email)
    try:
        candidate.full_clean(exclude=["password"])
    except ValidationError as error:
        raise ValidationError(
            " ".join(
                f"{message}" for messages in error.message_dict.values() for message in messages
            )
        ) from error
    return ApproverChoice(user=None, username=identifier, email=email)
