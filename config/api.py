"""
The read API's router: Wagtail API v2 at /api/v2/, one endpoint per content
type plus the vocabulary of fields of action. The view sets live beside their
models (registry/api.py, knowledge/api.py, home/api.py).

    /api/v2/projects/?city=luebeck&topic=mobilitaet&status=operation&tag=lorawan
    /api/v2/cities/  /api/v2/lessons/?city=rostock  /api/v2/articles/?topic=…
    /api/v2/news/?tag=lorawan  /api/v2/fields-of-action/

Every page endpoint lists the German tree; `?locale=en` (or another content
language) lists only the pages translated into that language; each item
names its `locale` and its `translations` (registry/api.py).
https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html
"""

from wagtail.api.v2.router import WagtailAPIRouter

from home.api import NewsAPIViewSet
from knowledge.api import ArticlesAPIViewSet, LessonsAPIViewSet
from registry.api import CitiesAPIViewSet, FieldsOfActionAPIViewSet, ProjectsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("projects", ProjectsAPIViewSet)
api_router.register_endpoint("cities", CitiesAPIViewSet)
api_router.register_endpoint("lessons", LessonsAPIViewSet)
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("news", NewsAPIViewSet)
api_router.register_endpoint("fields-of-action", FieldsOfActionAPIViewSet)
