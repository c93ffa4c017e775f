from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from core import views as core_views
from core.health import health_view
from core.sitemap import sitemap_view
from discovery import urls as discovery_urls
from knowledge import urls as knowledge_urls
from registry import admin_views as registry_admin_views
from registry import urls as registry_urls

# Admin views narrowed to what the user may see, or guarded against a Wagtail
# error (registry.admin_views); ahead of Wagtail's admin URLs at the same paths.
ADMIN_VIEWS_REPLACED = [
    ("choose-page/<int:parent_page_id>/", registry_admin_views.PageChooserBrowseView.as_view()),
    ("choose-page/chosen-multiple/", registry_admin_views.PageChosenMultipleView.as_view()),
    ("choose-external-link/", registry_admin_views.ExternalLinkView.as_view()),
    ("reports/page-types-usage/", registry_admin_views.PageTypesUsageReportView.as_view()),
    (
        "reports/page-types-usage/results/",
        registry_admin_views.PageTypesUsageReportView.as_view(results_only=True),
    ),
    ("reports/site-history/", registry_admin_views.SiteHistoryView.as_view()),
    (
        "reports/site-history/results/",
        registry_admin_views.SiteHistoryView.as_view(results_only=True),
    ),
    (
        "localize/submit/page/<int:page_id>/",
        registry_admin_views.SubmitPageTranslationView.as_view(),
    ),
    (
        "localize/update/<int:translation_source_id>/",
        registry_admin_views.UpdateTranslationsView.as_view(),
    ),
    ("localize/reports/translations/", registry_admin_views.TranslationsReportView.as_view()),
    (
        "localize/reports/translations/results/",
        registry_admin_views.TranslationsReportView.as_view(results_only=True),
    ),
    (
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        registry_admin_views.SnippetsAPIViewSet.as_view({"get": "list"}),
    ),
    (
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        registry_admin_views.SnippetsAPIViewSet.as_view({"get": "retrieve"}),
    ),
]

urlpatterns = [
    *(path(f"admin/{route}", require_admin_access(view)) for route, view in ADMIN_VIEWS_REPLACED),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # For probes and monitoring: one address, no language prefix (core.health).
    path("healthz", health_view, name="health"),
    # Machine-readable: API, open data, feeds, sitemap, robots (one address, no /en/).
    path("api/v2/", api_router.urls),
    path("", include(registry_urls.open_data_urlpatterns)),
    path("", include(discovery_urls.feed_urlpatterns)),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# German at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include(discovery_urls)),
    path("", include(knowledge_urls)),
    # Ends with <project url>publiccode.yml, which matches any path ending so.
    path("", include(registry_urls)),
    # Everything else is a Wagtail page; keep this last. Wagtail's page view,
    # without a locale query on German addresses (core.views).
    re_path(wagtail_urls.serve_pattern, core_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
