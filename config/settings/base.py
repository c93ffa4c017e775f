"""
Settings shared by every environment, safe for production on their own.

Secrets and hosts come from the environment; `dev.py` relaxes them for a first
run, `test.py` makes the suite fast. See
https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/
"""

import ipaddress
import os
from importlib.util import find_spec
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list_from(environ, name, default=""):
    return [item.strip() for item in environ.get(name, default).split(",") if item.strip()]


def env_list(name, default=""):
    return env_list_from(os.environ, name, default)


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps are layers; each imports only the ones below it (`lint-imports`
# checks it, see [tool.importlinter] in pyproject.toml).
INSTALLED_APPS = [
    "home",
    "registry",
    "knowledge",
    "core",
    "discovery",
    "governance",
    # The demo content sits on top of every project app; nothing imports it.
    "demo",
    # Translations of pages and snippets, one page tree per locale; its
    # `locales` app replaces wagtail.locales (the admin's language list).
    # https://wagtail-localize.org/stable/tutorial/1-installation/
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.sites",
    "governance.users_config.WagtailUsersConfig",  # wagtail.users with the account rules
    "wagtail.snippets",
    "wagtail.api.v2",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageFromAddressMiddleware",
    "config.middleware.RejectNulInPathMiddleware",
    # After the language is known (part of a page's key), before everything
    # that a cached page skips: CSRF, authentication, messages, the views.
    "core.page_cache.PageCacheMiddleware",
    # What a page's routing learns of view restrictions serves its lists too.
    "core.view_restrictions.ViewRestrictionsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
            ],
        },
    },
]

# An unset DATABASE_URL gives the embedded SQLite file, so a fresh clone runs
# without a database server; production and CI point it at PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL server that does not answer fails a request (and /healthz)
# after a few seconds instead of holding the worker for libpq's default of
# waiting forever. `?connect_timeout=…` in DATABASE_URL takes precedence.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wagtail's PostgreSQL search backend needs django.contrib.postgres (system check
# postgres.E005); on SQLite the app would only add unused lookups.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")


def caches_from_environment(environ) -> dict:
    """
    One cache for every process of an installation: CACHE_URL (e.g.
    redis://127.0.0.1:6379/1) gives Django's own Redis backend, so the
    pages cache (core.page_cache), the search's browse counts and
    vocabulary token, and Wagtail's site-root cache are the same for every
    app server and worker. Unset: local memory per process, which is right
    for `make run` (one process) and nothing else.
    https://docs.djangoproject.com/en/6.1/topics/cache/#redis
    """
    url = environ.get("CACHE_URL", "")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # Several installations (or a staging copy) may share one Redis.
            "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "wissensnetz"),
            # A Redis that hangs must not hold every request: core.page_cache
            # then serves pages without it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


# Short socket timeouts: a Redis that does not answer fails fast (and
# /healthz reports it) instead of holding the request.
CACHES = caches_from_environment(os.environ)

# Whole pages for anonymous readers (core.page_cache): how long a page stays
# in our cache (0: never cached; a publication retires every page at once
# anyway), and how long a reverse proxy in front may keep one (s-maxage):
# a proxy may show a page that long after a publication, our cache never.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages content can be written in, by their own names. German is the
# source of every translation; English is on by default; the others of the
# Baltic Sea region are switched on with CONTENT_LANGUAGES.
CONTENT_LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "pl": "Polski",
    "da": "Dansk",
    "sv": "Svenska",
    "lt": "Lietuvių",
    "lv": "Latviešu",
    "et": "Eesti",
    "fi": "Suomi",
}


def content_languages_from_environment(environ) -> list[tuple[str, str]]:
    """
    CONTENT_LANGUAGES, e.g. "de,en,pl": the languages with a page tree of
    their own (Wagtail's locales, created by `manage.py migrate`). German
    comes first whatever the order given, as the source language. A
    language taken out again keeps its pages; they are only no longer
    offered (Wagtail hides locales that are not listed).
    """
    codes = [code.lower() for code in env_list_from(environ, "CONTENT_LANGUAGES", "de,en")]
    unknown = [code for code in codes if code not in CONTENT_LANGUAGE_NAMES]
    if unknown:
        raise ImproperlyConfigured(
            f"CONTENT_LANGUAGES: unbekannte Sprache(n) {', '.join(unknown)}; "
            f"möglich sind {', '.join(CONTENT_LANGUAGE_NAMES)}."
        )
    ordered = ["de", *dict.fromkeys(code for code in codes if code != "de")]
    return [(code, CONTENT_LANGUAGE_NAMES[code]) for code in ordered]


WAGTAIL_CONTENT_LANGUAGES = content_languages_from_environment(os.environ)

# German first, English second (under /en/); the interface is German and
# English, and every further content language has its address too (Wagtail
# requires each content language in LANGUAGES).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))] + [
    (code, name) for code, name in WAGTAIL_CONTENT_LANGUAGES if code not in ("de", "en")
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def storages_from_environment(environ) -> dict:
    """
    Uploads (images, documents) on disk under MEDIA_ROOT, or on S3-compatible
    object storage through django-storages when MEDIA_STORAGE=s3 or a bucket
    is named. Only the options that are set are passed on, so django-storages'
    and boto3's own defaults apply otherwise (credentials from the instance's
    role or ~/.aws when no keys are given). Static files stay with WhiteNoise.
    https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
    """
    static = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    media_storage = environ.get("MEDIA_STORAGE", "").lower()
    if media_storage not in ("", "s3", "filesystem"):
        raise ImproperlyConfigured("MEDIA_STORAGE must be “filesystem” or “s3”.")
    if media_storage == "filesystem" or not (
        media_storage == "s3" or environ.get("AWS_STORAGE_BUCKET_NAME")
    ):
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        # Two uploads with one name keep both files (Wagtail's advice), as on disk.
        "file_overwrite": False,
        # Signed, expiring URLs by default: documents of private collections
        # must not be readable by anyone who learns the object's address.
        "querystring_auth": environ.get("AWS_QUERYSTRING_AUTH", "true").lower() == "true",
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",  # MinIO, Ceph, a municipal data centre
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_S3_ACCESS_KEY_ID",
        "secret_key": "AWS_S3_SECRET_ACCESS_KEY",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",  # a CDN or proxy in front of the bucket
        "location": "AWS_LOCATION",  # a folder inside the bucket
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",  # "path" for most non-AWS servers
    }
    options |= {option: environ[name] for option, name in optional.items() if environ.get(name)}
    if environ.get("AWS_QUERYSTRING_EXPIRE"):
        options["querystring_expire"] = int(environ["AWS_QUERYSTRING_EXPIRE"])
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": static,
    }


STORAGES = storages_from_environment(os.environ)
# django-storages is an optional extra (pip install '.[s3]'): without it the
# site would start and fail at the first upload.
if STORAGES["default"]["BACKEND"].startswith("storages.") and not find_spec("storages"):
    raise ImproperlyConfigured(
        "Media on S3 needs django-storages[s3]: pip install 'django-storages[s3]>=1.14,<2'."
    )

# Sessions and CSRF: anonymous readers get no cookie unless a form needs one.
SESSION_COOKIE_SECURE = os.environ.get("COOKIE_SECURE", "true").lower() == "true"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No page is shown in a frame; Wagtail's preview, the one frame the admin
# needs, sets SAMEORIGIN for itself (and SECURE_CSP_ADMIN allows it).
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes of a container runtime or load balancer talk plain HTTP to the app
# server; they get the health report, not a redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: the site loads its scripts, styles, images and
# fonts from itself only, and nothing may frame it or receive its forms
# elsewhere. Inline scripts and styles are refused (none is needed);
# Wagtail's admin gets its own policy (config.middleware.AdminContentSecurityPolicyMiddleware).
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin: the same, but Wagtail 8's editor needs its inline scripts (see
# the middleware), its bundled libraries add <style> elements as they draw
# the rich text editor, and the editor shows its preview in a frame; still
# nothing from elsewhere.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "frame-ancestors": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}


def trusted_proxies_from_environment(environ) -> list[str]:
    """
    TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For is believed
    (core.client_address), as comma-separated addresses or CIDR networks.
    Empty by default: without a proxy in front, the header is the client's
    own word. A typo fails at start-up rather than trusting nobody unnoticed.
    """
    networks = []
    for entry in env_list_from(environ, "TRUSTED_PROXIES"):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: “{entry}” is neither an IP address nor a network."
            ) from None
    return networks


TRUSTED_PROXIES = trusted_proxies_from_environment(os.environ)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def mailers_from_environment(environ) -> dict:
    """
    Django 6.1 mailers from EMAIL_* variables. Each backend accepts only its
    own OPTIONS (an unknown one is an InvalidMailer when the first mail is
    built, long after start-up), so only SMTP gets host, port, login and TLS,
    and the file backend its folder.
    https://docs.djangoproject.com/en/6.1/topics/email/#mailers
    """
    backend = environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    options = {}
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            "host": environ.get("EMAIL_HOST", "localhost"),
            "port": int(environ.get("EMAIL_PORT", "25")),
            "username": environ.get("EMAIL_HOST_USER", ""),
            "password": environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": environ.get("EMAIL_USE_TLS", "false").lower() == "true",
            # A mail server that accepts the connection and then hangs must
            # not hold the task worker forever; the send is retried later.
            "timeout": int(environ.get("EMAIL_TIMEOUT", "30")),
        }
    elif backend == "django.core.mail.backends.filebased.EmailBackend":
        if not environ.get("EMAIL_FILE_PATH"):
            raise ImproperlyConfigured("The file e-mail backend needs EMAIL_FILE_PATH (a folder).")
        options = {"file_path": environ["EMAIL_FILE_PATH"]}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


# SMTP by default, configured from the environment.
MAILERS = mailers_from_environment(os.environ)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wissensnetz@localhost")

# Django's tasks framework. Wagtail enqueues its own tasks (search and
# reference index) through "default", which runs them at once as before.
# Mail goes through "mail", a queue in the database that `manage.py db_worker
# --backend mail` works off, so a mail server that is down or misconfigured
# delays a mail instead of losing it or breaking the request that sent it.
# https://docs.djangoproject.com/en/6.1/topics/tasks/
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def logging_from_environment(environ, *, default_format="json") -> dict:
    """
    Everything to standard error, where the process manager (systemd's
    journal, the container runtime) collects it. LOG_FORMAT=json writes one
    JSON object a line (core.json_logs) for a log collector to index, the
    default in production; `text` is for people reading a terminal.
    /healthz is polled every few seconds: its 503s are not logged by
    django.request, the health report names the failing part instead.
    """
    log_format = environ.get("LOG_FORMAT", default_format).lower()
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured("LOG_FORMAT must be “json” or “text”.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "core.json_logs.JsonLinesFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "filters": {"health_probes_skipped": {"()": "core.health.HealthProbesSkipped"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "loggers": {"django.request": {"filters": ["health_probes_skipped"]}},
        "root": {"handlers": ["console"], "level": environ.get("LOG_LEVEL", "WARNING")},
    }


LOGGING = logging_from_environment(os.environ)

# Where the footer's „Quellcode“ link points (AGPL section 13): an installation
# that changes the code points it at its own changes.
SOURCE_CODE_URL = os.environ.get(
    "SOURCE_CODE_URL", "https://gitlab.opencode.de/hanse-wissensnetz/wissensnetz"
)

# The catalogue's dcatde:contributorID (registry.dcat): the ID GovData gives
# a portal that delivers to it, from http://dcat-ap.de/def/contributors/. Until
# GovData has given one, the placeholder below; empty leaves the ID out.
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get(
    "OPEN_DATA_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/hanseWissensnetz"
)

# Folders on this server that a publiccode.yml catalogue entered in the admin
# may read (discovery.catalogue_sources): an admin who may name any folder
# reads the server's files. Comma-separated; none by default. The command
# line (harvest_network --publiccode) may read any folder.
PUBLICCODE_CATALOGUE_ROOTS = env_list("PUBLICCODE_CATALOGUE_ROOTS")

# Wagtail
WAGTAIL_SITE_NAME = "Hanse Wissensnetz"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# One page tree per content language, translated with wagtail-localize.
# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
WAGTAIL_I18N_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no request leaves the site, the admin included
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars from gravatar.com would leak editors' e-mail hashes
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_FINDERS = []  # embeds would load third-party resources

# The German search (core.search): stems, compound parts, prefixes, typos and
# the alliance's synonyms, stored in the database's own tables and read with
# the same SQL on SQLite and PostgreSQL. Point SEARCH_BACKEND at
# core.search.opensearch (and SEARCH_URL at the nodes) for large installations:
# the same analysis on OpenSearch 2.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": os.environ.get("SEARCH_BACKEND", "core.search.backend"),
    }
}
if os.environ.get("SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"]["URLS"] = env_list("SEARCH_URL")
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = os.environ.get(
        "SEARCH_INDEX_PREFIX", "wissensnetz_"
    )

TAGGIT_CASE_INSENSITIVE = True


def machine_translator_from_environment(environ) -> dict | None:
    """
    The service an editor may pre-fill a translation with: DeepL when
    DEEPL_AUTH_KEY is set, else LibreTranslate when LIBRETRANSLATE_URL is
    set, else none (the translation editor then offers no machine pre-fill).
    https://wagtail-localize.org/stable/how-to/integrations/machine-translation/
    """
    if environ.get("DEEPL_AUTH_KEY"):
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": environ["DEEPL_AUTH_KEY"]},
        }
    if environ.get("LIBRETRANSLATE_URL"):
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslateTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": environ["LIBRETRANSLATE_URL"],
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
            },
        }
    return None


WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_environment(os.environ)


def require_secret_key(secret_key):
    if not secret_key:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
    return secret_key
