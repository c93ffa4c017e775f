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
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import pages_show
        from core.signals import page_subtree_moved, searchable_page_saved

        from .facet_index import record_page_facets, record_subtree_facets
        from .models import PartnerNetwork
        from .search.harvested import forget_harvest_state

        def page_saved(sender, page, **kwargs):
            record_page_facets(page=page)

        def subtree_moved(sender, path, **kwargs):
            record_subtree_facets(path=path)

        searchable_page_saved.connect(page_saved, weak=False, dispatch_uid="discovery_page_saved")
        page_subtree_moved.connect(
            subtree_moved, weak=False, dispatch_uid="discovery_subtree_moved"
        )
        # A harvest records its counts on the network: the search counts its
        # copies again, and the cached search pages are retired.
        pages_show(PartnerNetwork)
        for signal in (post_save, post_delete):
            signal.connect(
                forget_harvest_state,
                sender=PartnerNetwork,
                dispatch_uid=f"discovery_harvest_state_{signal is post_save}",
            )
