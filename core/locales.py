"""
One Wagtail locale per content language (settings.WAGTAIL_CONTENT_LANGUAGES),
so that an editor can translate into every language the installation has
switched on. Created, never deleted: by a data migration on a new database
and after every `migrate` (a `post_migrate` handler), so a language added to
CONTENT_LANGUAGES gets its locale at the next deploy. A language taken out of
the setting keeps its locale and its pages; Wagtail no longer offers it.
https://docs.wagtail.org/en/stable/advanced_topics/i18n.html#configuration
"""

from django.conf import settings


def content_locales_ensure(*, locale_model=None, using: str = "default") -> list[str]:
    """The language codes whose locale this call created (none when all existed)."""
    if locale_model is None:
        from wagtail.models import Locale

        locale_model = Locale
    existing = set(locale_model._base_manager.using(using).values_list("language_code", flat=True))
    created = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code not in existing]
    locale_model._base_manager.using(using).bulk_create(
        [locale_model(language_code=code) for code in created]
    )
    return created


def content_locales_after_migrate(sender, using="default", **kwargs):
    """post_migrate: the locales follow CONTENT_LANGUAGES at every deploy."""
    content_locales_ensure(using=using)


def content_language_codes() -> list[str]:
    """The languages content is written in here, German first (CONTENT_LANGUAGES)."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def requested_language(value: str | None) -> str | None:
    """
    The content language a machine-readable output is asked for (`?locale=`
    of the API and the feeds): the source language when none is given, None
    when `value` names no language switched on here (the caller answers 400).
    """
    if value is None:
        return settings.LANGUAGE_CODE
    code = value.strip().lower()
    return code if code in content_language_codes() else None
