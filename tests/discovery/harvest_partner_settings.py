"""
Settings of the partner installation that tests/discovery/test_harvest_network.py
starts as a process of its own: the served settings, without a cache. Its
content is changed by `manage.py shell` in yet another process, which a
per-process cache would not hear of (an installation with several processes
shares Redis; here there is no need for one).
"""

from served_settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PAGE_CACHE_SECONDS = 0
