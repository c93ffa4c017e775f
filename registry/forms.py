"""
Forms of the registry: the admin form of a city (its creation form names
the approver), of a project (it checks the inline transfers against the
project's city) and the public „Wir möchten das nachnutzen“ form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .approvers import approver_choose


class CityPageForm(WagtailAdminPageForm):
    """
    A city is admitted in one step: its page, groups, collection, workflow and
    the account that approves its pages (governance.services.city_admit, run
    by governance's `after_create_page` hook). So a new city is created only by
    publishing it: a draft or an autosave of the creation form would leave a
    city page that no one approves. The approver fields exist on the
    creation form only; later approvers are added to the city's
    "– Freigabe" group under Einstellungen → Benutzer.
    """

    approver = forms.CharField(
        label=_("Freigabe-Konto"),
        max_length=254,
        required=True,
        help_text=_(
            "Benutzername oder E-Mail des Kontos, das die Seiten der Stadt freigibt. "
            "Ein unbekannter Name legt ein neues Konto an."
        ),
    )
    approver_email = forms.EmailField(
        label=_("E-Mail des neuen Freigabe-Kontos"),
        required=False,
        help_text=_(
            "Nur für ein neues Konto: dorthin gehen die Freigabe-Benachrichtigungen. "
            "Das Passwort setzt die Person selbst über „Passwort vergessen“."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.approver_choice = None
        if not self.is_creation:
            del self.fields["approver"]
            del self.fields["approver_email"]

    @property
    def is_creation(self) -> bool:
        return self.instance.pk is None

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_creation:
            return cleaned_data
        if self.is_deferred_validation:
            raise forms.ValidationError(
                _(
                    "Eine neue Stadt wird beim Veröffentlichen angelegt, zusammen mit ihren "
                    "Gruppen und ihrem Freigabe-Konto; als Entwurf speichern geht nicht."
                )
            )
        if "approver" in cleaned_data:
            try:
                self.approver_choice = approver_choose(
                    identifier=cleaned_data["approver"],
                    email=cleaned_data.get("approver_email") or "",
                    actor=self.for_user,
                )
            except forms.ValidationError as error:
                self.add_error("approver", error)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        # Read by the after_create_page hook, which has the page but not the form.
        page.approver_to_appoint = self.approver_choice
        return page


class ProjectPageForm(WagtailAdminPageForm):
    """
    A transfer needs the adopting project's city, which the inline child form
    cannot see on its own (the ParentalKey is excluded from it, and a new page
    has no city yet). So the page form checks each inline transfer once all
    forms have cleaned their data.

    The contact chooser offers a city's editors only their own city's contacts
    (registry.permissions), but a hand-made POST can name any contact's id, so
    the page form refuses a newly linked contact of another city as well.
    https://docs.wagtail.org/en/stable/reference/pages/panels.html#customising-generated-forms
    """

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_contacts_of_other_cities()
        return cleaned_data

    def refuse_contacts_of_other_cities(self):
        """
        Only links whose contact changed in this request are checked: a link an
        alliance administrator set up earlier must not block every later edit of
        the project by the city's own editors.
        """
        formset = self.formsets.get("project_contacts")
        user = self.for_user
        if formset is None or user is None or not formset.is_bound:
            return
        from .permissions import contact_is_manageable_by

        for form in formset.forms:
            # Cleans the inline form now; the formset reuses its errors later.
            if form.errors or "contact" not in form.changed_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            contact = form.cleaned_data.get("contact")
            if contact is not None and not contact_is_manageable_by(user, contact):
                form.add_error(
                    "contact",
                    _(
                        "Dieser Kontakt gehört nicht zu Ihrer Stadt. Verknüpfen Sie nur "
                        "Kontakte Ihrer eigenen Stadt; fehlt einer, legen Sie ihn unter "
                        "„Kontakte“ neu an."
                    ),
                )

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("adopted_from")
        if formset is None:
            return valid
        from .models import CityPage, transfer_errors

        city = None
        if self.instance.path:
            city = self.instance.find_owning_city()
        elif self.parent_page is not None and isinstance(self.parent_page.specific, CityPage):
            city = self.parent_page.specific
        deleted = set(formset.deleted_forms) if formset.is_bound and formset.can_delete else set()
        for form in formset.forms:
            if form in deleted or not getattr(form, "cleaned_data", None):
                continue
            source = form.cleaned_data.get("source_project")
            if source is None:
                continue
            for message in transfer_errors(
                source=source, adopting=self.instance, adopting_city=city
            ):
                form.add_error("source_project", message)
                valid = False
        return valid


def single_line(value: str) -> str:
    """
    Fold every run of whitespace, line breaks of all kinds included (CR, LF,
    U+2028, U+2029, …), into one space. A pasted name may carry an invisible
    separator; refusing it would puzzle the person, while keeping it would
    put a line break into the mail header the value ends up in.
    """
    return " ".join(value.split())


class ReuseRequestForm(forms.Form):
    """
    The public request. `website` is the honeypot: hidden from people (CSS,
    aria-hidden, tabindex=-1) and labelled „Bitte leer lassen“ for anyone who
    still meets it; a bot that fills every field is rejected. Name and
    municipality are single lines: the municipality goes into the subject.
    """

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        error_messages={
            "required": _("Bitte geben Sie Ihren Namen an."),
            "max_length": _("Der Name darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    municipality = forms.CharField(
        label=_("Ihre Kommune oder Behörde"),
        max_length=150,
        error_messages={
            "required": _("Bitte geben Sie Ihre Kommune oder Behörde an."),
            "max_length": _("Die Kommune darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    email = forms.EmailField(
        label=_("Ihre dienstliche E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@stadt.de."),
            "max_length": _("Die E-Mail-Adresse ist zu lang."),
        },
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        help_text=_("Was möchten Sie nachnutzen, und was sollten die Ansprechpersonen wissen?"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Bitte schreiben Sie eine kurze Nachricht."),
            "min_length": _("Die Nachricht ist zu kurz (mindestens %(limit_value)d Zeichen)."),
            "max_length": _("Die Nachricht darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    consent_to_contact = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass die Ansprechpersonen des Projekts mich zu dieser "
            "Anfrage per E-Mail kontaktieren."
        ),
        required=True,
        error_messages={
            "required": _("Ohne Ihre Einwilligung können wir die Anfrage nicht weitergeben.")
        },
    )
    website = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self):
        return single_line(self.cleaned_data["name"])

    def clean_municipality(self):
        return single_line(self.cleaned_data["municipality"])

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Die Anfrage wurde als automatisch erkannt und nicht gesendet."),
                code="honeypot",
            )
        return ""
