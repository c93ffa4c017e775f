"""
The curated vocabulary of the registry. Fields of action are a model, not
tags, so that editors in every city pick from one list and filters, charts and
the API count the same things.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index


class FieldOfAction(index.Indexed, models.Model):
    """
    Handlungsfeld: the curated vocabulary every project is filed under, so that
    "mobility" means the same in every city. Free-form labels are tags instead.
    """

    name = models.CharField(
        _("Name"),
        max_length=80,
        unique=True,
        help_text=_("Bezeichnung des Handlungsfelds, z. B. „Mobilität“."),
    )
    slug = models.SlugField(
        _("Kürzel"),
        max_length=80,
        unique=True,
        help_text=_("Kurzform für Adressen und Filter, z. B. „mobilitaet“."),
    )
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Was zu diesem Handlungsfeld gehört.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.name
