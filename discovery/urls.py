"""Routes of the search, the comparison, the tag pages and the feeds (see config/urls.py)."""

from django.urls import path

from . import compare, feeds, views

# Machine-readable, one address for every language.
feed_urlpatterns = [
    path("feeds/news/", feeds.NewsFeed(), name="feed_news"),
    path("feeds/projects/", feeds.ProjectsFeed(), name="feed_projects"),
    path("feeds/cities/<slug:slug>/", feeds.CityFeed(), name="feed_city"),
    path("feeds/tags/<str:slug>/", feeds.TagFeed(), name="feed_tag"),
]

# Pages for readers, German at the root and English under /en/.
urlpatterns = [
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.search_suggest, name="search_suggest"),
    path("vergleich/", compare.compare, name="compare"),
]
