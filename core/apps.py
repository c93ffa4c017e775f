from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """
    The page base every app builds on, and the German search with its tables
    (core.search); it imports no app of ours.
    """

    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from wagtail.signals import page_published

        from .locales import content_locales_after_migrate
        from .machine_translation import translation_review_after_publish
        from .page_cache import connect_page_cache_signals
        from .site_address import site_address_after_migrate

        # Every deploy runs migrate, so the Site record follows WAGTAILADMIN_BASE_URL.
        post_migrate.connect(site_address_after_migrate, sender=self)
        # …and every content language switched on has its locale (core.locales).
        post_migrate.connect(content_locales_after_migrate, sender=self)
        # A publication, or a change to anything pages show, retires every
        # cached page (core.page_cache).
        connect_page_cache_signals()
        # Each publication of a translation stores whether it shows
        # unreviewed machine translation (core.machine_translation).
        page_published.connect(
            translation_review_after_publish, dispatch_uid="translation_review_after_publish"
        )
