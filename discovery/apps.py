from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """
    Search, facet index, tag pages and feeds. The apps below tell it about
    changed pages through `core.signals`, connected here, as they may not
    import it.
    """

    name = "discovery"
    verbose_name = _("Suche und Schlagwörter")

    def ready(self):
        from core.signals import page_subtree_moved, searchable_page_saved

        from .facet_index import record_page_facets, record_subtree_facets

        def page_saved(sender, page, **kwargs):
            record_page_facets(page=page)

        def subtree_moved(sender, path, **kwargs):
            record_subtree_facets(path=path)

        searchable_page_saved.connect(page_saved, weak=False, dispatch_uid="discovery_page_saved")
        page_subtree_moved.connect(
            subtree_moved, weak=False, dispatch_uid="discovery_subtree_moved"
        )
