from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from home import feeds, open_data
from home import views as home_views
from registry import views as registry_views
from registry.publiccode import publiccode_view

# Admin views narrowed to what the user may see, or guarded against a Wagtail
# error (registry.views); ahead of Wagtail's admin URLs at the same paths.
ADMIN_VIEWS_REPLACED = [
    ("choose-page/<int:parent_page_id>/", registry_views.PageChooserBrowseView.as_view()),
    ("choose-page/chosen-multiple/", registry_views.PageChosenMultipleView.as_view()),
    ("choose-external-link/", registry_views.ExternalLinkView.as_view()),
    ("reports/page-types-usage/", registry_views.PageTypesUsageReportView.as_view()),
    (
        "reports/page-types-usage/results/",
        registry_views.PageTypesUsageReportView.as_view(results_only=True),
    ),
    ("reports/site-history/", registry_views.SiteHistoryView.as_view()),
    (
        "reports/site-history/results/",
        registry_views.SiteHistoryView.as_view(results_only=True),
    ),
]

urlpatterns = [
    *(path(f"admin/{route}", require_admin_access(view)) for route, view in ADMIN_VIEWS_REPLACED),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Machine-readable: API, open data, feeds, sitemap, robots (one address, no /en/).
    path("api/v2/", api_router.urls),
    path("open-data/", open_data.open_data_page, name="open_data"),
    path("open-data/projects.csv", open_data.projects_csv, name="open_data_projects_csv"),
    path("open-data/projects.json", open_data.projects_json, name="open_data_projects_json"),
    path("feeds/news/", feeds.NewsFeed(), name="feed_news"),
    path("feeds/projects/", feeds.ProjectsFeed(), name="feed_projects"),
    path("feeds/cities/<slug:slug>/", feeds.CityFeed(), name="feed_city"),
    path("feeds/tags/<str:slug>/", feeds.TagFeed(), name="feed_tag"),
    path("sitemap.xml", sitemap, name="sitemap"),
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
    path("tags/", home_views.tag_index, name="tag_index"),
    path("tags/<str:slug>/", home_views.tag_detail, name="tag_detail"),
    path("search/", home_views.search, name="search"),
    path("overview/", home_views.overview, name="overview"),
    path("erfahrungen/", home_views.lessons, name="lessons"),
    # <project url>publiccode.yml: Wagtail serves only paths ending in a slash.
    re_path(r"^((?:[\w\-]+/)+)publiccode\.yml$", publiccode_view, name="publiccode"),
    # Everything else is a Wagtail page; keep this last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
