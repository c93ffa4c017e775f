from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What a harvest run writes on its network: for the administration only.
NETWORK_RUN_FIELDS = {
    "last_run_at",
    "last_success_at",
    "last_error",
    "project_count",
    "lesson_count",
}


class DiscoveryConfig(AppConfig):
    """
    Search, facet index, tag pages, feeds and the comparison. The apps below
    tell it about changed pages through `core.signals`, connected here, as
    they may not import it.
    """

    name = "discovery"
    verbose_name = _("Suche und Schlagwörter")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import page_cache_invalidate_on_commit, pages_show
        from core.signals import page_subtree_moved, searchable_page_saved

        from .facet_index import record_page_facets, record_subtree_facets
        from .models import HarvestedLesson, HarvestedProject, PartnerNetwork
        from .search.harvested import forget_harvest_state

        # Readers see the copies (the comparison) and a network's name and
        # whether it shares its lessons, so a harvest that changes a copy, or
        # an administrator who renames a network, retires the cached pages. A
        # deleted network takes its copies along, whose deletion does that.
        pages_show(HarvestedProject, HarvestedLesson)

        def network_saved(sender, instance, update_fields=None, **kwargs):
            # A run notes its outcome on the network; readers see none of that.
            if update_fields and set(update_fields) <= NETWORK_RUN_FIELDS:
                return
            page_cache_invalidate_on_commit()

        post_save.connect(
            network_saved, sender=PartnerNetwork, weak=False, dispatch_uid="page_cache_network"
        )

        def page_saved(sender, page, **kwargs):
            record_page_facets(page=page)

        def subtree_moved(sender, path, **kwargs):
            record_subtree_facets(path=path)

        searchable_page_saved.connect(page_saved, weak=False, dispatch_uid="discovery_page_saved")
        page_subtree_moved.connect(
            subtree_moved, weak=False, dispatch_uid="discovery_subtree_moved"
        )
        # A harvest records its counts on the network: the search counts its copies again.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_harvest_state,
                sender=PartnerNetwork,
                dispatch_uid=f"discovery_harvest_state_{signal is post_save}",
            )
