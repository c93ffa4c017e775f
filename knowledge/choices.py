from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonKind(models.TextChoices):
    SUCCESS_FACTOR = "success_factor", _("Erfolgsfaktor")
    OBSTACLE = "obstacle", _("Hindernis")
    RECOMMENDATION = "recommendation", _("Empfehlung")


class ProjectPhase(models.TextChoices):
    PLANNING = "planning", _("Planung")
    PROCUREMENT = "procurement", _("Vergabe")
    IMPLEMENTATION = "implementation", _("Umsetzung")
    OPERATION = "operation", _("Betrieb")
