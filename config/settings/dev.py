"""Relaxed settings for a first run on a developer's machine (`make run`)."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, env_list, logging_from_environment

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = logging_from_environment(os.environ, default_format="text")
