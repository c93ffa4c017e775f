from django.db import models
from django.utils.translation import gettext_lazy as _


class FederalState(models.TextChoices):
    """The 16 German states, keyed by the first two digits of the municipality key."""

    SCHLESWIG_HOLSTEIN = "01", "Schleswig-Holstein"
    HAMBURG = "02", "Hamburg"
    NIEDERSACHSEN = "03", "Niedersachsen"
    BREMEN = "04", "Bremen"
    NORDRHEIN_WESTFALEN = "05", "Nordrhein-Westfalen"
    HESSEN = "06", "Hessen"
    RHEINLAND_PFALZ = "07", "Rheinland-Pfalz"
    BADEN_WUERTTEMBERG = "08", "Baden-Württemberg"
    BAYERN = "09", "Bayern"
    SAARLAND = "10", "Saarland"
    BERLIN = "11", "Berlin"
    BRANDENBURG = "12", "Brandenburg"
    MECKLENBURG_VORPOMMERN = "13", "Mecklenburg-Vorpommern"
    SACHSEN = "14", "Sachsen"
    SACHSEN_ANHALT = "15", "Sachsen-Anhalt"
    THUERINGEN = "16", "Thüringen"


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Mitglied")
    GUEST = "guest", _("Gast")
    INTERESTED = "interested", _("Interessiert")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PLANNING = "planning", _("Planung")
    PILOT = "pilot", _("Pilot / Umsetzung")
    OPERATION = "operation", _("Im Betrieb")
    COMPLETED = "completed", _("Abgeschlossen")
    DISCONTINUED = "discontinued", _("Eingestellt")


class ContactVisibility(models.TextChoices):
    PUBLIC = "public", _("Öffentlich")
    PARTNERS = "partners", _("Nur angemeldete Partner")


class Reusability(models.TextChoices):
    """What another city can take over; each maps to a boolean on ProjectPage."""

    CONCEPT = "concept", _("Konzept")
    TENDER = "tender", _("Ausschreibungsunterlagen")
    SOFTWARE = "software", _("Software")
    DATA = "data", _("Daten / Schnittstelle")


class AdaptationEffort(models.TextChoices):
    """How much work a city needed to adapt another city's solution (Transfer)."""

    LOW = "low", _("Gering")
    MEDIUM = "medium", _("Mittel")
    HIGH = "high", _("Hoch")


class MailStatus(models.TextChoices):
    """Where the mail about a reuse request stands, for the admin listing."""

    PENDING = "pending", _("Wird versandt")
    SENT = "sent", _("Versandt")
    FAILED = "failed", _("Fehlgeschlagen")
    NO_RECIPIENTS = "no_recipients", _("Keine Empfänger")
