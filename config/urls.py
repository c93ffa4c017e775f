from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
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
    # Everything else is a Wagtail page; keep this last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
