"""
The similar projects of each project, stored: computed when projects change
(registry.similar), read by the project page in one query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimilarProject(models.Model):
    """
    One entry of a project's list of similar projects in other cities: the
    project `similar` at `position` (0 first), with `score`, the number of tags
    and fields of action the two share. Written only by registry.similar;
    whether `similar` is still published and public is checked when the list
    is read, so a list between two refreshes never shows a hidden project.
    """

    project = models.ForeignKey(
        "registry.ProjectPage",
        on_delete=models.CASCADE,
        related_name="similar_project_rows",
        verbose_name=_("Projekt"),
    )
    similar = models.ForeignKey(
        "registry.ProjectPage",
        on_delete=models.CASCADE,
        related_name="listed_as_similar",
        verbose_name=_("Ähnliches Projekt"),
    )
    score = models.PositiveSmallIntegerField(_("Gemeinsame Schlagwörter und Handlungsfelder"))
    position = models.PositiveSmallIntegerField(_("Position"))

    class Meta:
        verbose_name = _("Ähnliches Projekt")
        verbose_name_plural = _("Ähnliche Projekte")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="registry_similar_project_position"
            )
        ]

    def __str__(self):
        return f"{self.project_id} ~ {self.similar_id} ({self.score})"
