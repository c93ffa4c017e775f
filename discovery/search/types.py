"""The page types the search covers and the facets it offers, in the order it shows them."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from ..facet_index import SEARCHABLE_MODELS


@dataclass(frozen=True)
class SearchType:
    key: str
    model_name: str
    label: str

    @property
    def model(self):
        return apps.get_model(self.model_name)


# The page types the search covers, in the order the type facet lists them.
SEARCH_TYPES = [
    SearchType("project", SEARCHABLE_MODELS["project"], _("Projekte")),
    SearchType("lesson", SEARCHABLE_MODELS["lesson"], _("Erfahrungen")),
    SearchType("article", SEARCHABLE_MODELS["article"], _("Wissensartikel")),
    SearchType("news", SEARCHABLE_MODELS["news"], _("Nachrichten")),
]
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}

FACET_LABELS = {
    "type": _("Inhaltstyp"),
    "network": _("Netzwerk"),
    "city": _("Stadt"),
    "topic": _("Handlungsfeld"),
    "status": _("Projektstatus"),
    "reuse": _("Nachnutzbar"),
    "tag": _("Schlagwort"),
}
FACET_ORDER = ["type", "network", "city", "topic", "status", "reuse", "tag"]
# The facets of the pages' facet index (discovery.facet_index); the network
# is not among them: a page is always the registry's own (search.harvested).
PAGE_FACETS = [name for name in FACET_ORDER if name != "network"]
