"""
Content languages: CONTENT_LANGUAGES (config/settings/base.py) switches them
on, and every language switched on has its Wagtail locale after `migrate`
(core.locales); a language switched off keeps its locale and its pages.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Locale

import pytest

import factories
from config.settings.base import content_languages_from_environment

pytestmark = pytest.mark.django_db


def codes(languages):
    return [code for code, _name in languages]


def test_german_and_english_by_default():
    assert codes(content_languages_from_environment({})) == ["de", "en"]


def test_more_languages_by_setting_german_always_first():
    languages = content_languages_from_environment({"CONTENT_LANGUAGES": "en, PL,fi,de"})
    assert codes(languages) == ["de", "en", "pl", "fi"]
    assert dict(languages)["pl"] == "Polski"


def test_an_unknown_language_stops_the_start_with_the_choices():
    with pytest.raises(
        ImproperlyConfigured, match="unbekannte Sprache.*xx.*möglich sind de, en, pl"
    ):
        content_languages_from_environment({"CONTENT_LANGUAGES": "de,en,xx"})


def test_every_content_language_has_its_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"de", "en"}


@override_settings(
    WAGTAIL_CONTENT_LANGUAGES=[("de", "Deutsch"), ("en", "English"), ("pl", "Polski")],
    LANGUAGES=[("de", "Deutsch"), ("en", "English"), ("pl", "Polski")],
)
def test_migrate_creates_the_locale_of_a_language_switched_on(site_tree):
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)  # idempotent
    assert list(
        Locale.objects.filter(language_code="pl").values_list("language_code", flat=True)
    ) == ["pl"]

    polish = factories.translation_of(site_tree.article, "pl")
    assert polish.locale.language_code == "pl"

    with override_settings(
        WAGTAIL_CONTENT_LANGUAGES=[("de", "Deutsch"), ("en", "English")],
        LANGUAGES=[("de", "Deutsch"), ("en", "English")],
    ):
        call_command("migrate", verbosity=0)
        assert Locale.all_objects.filter(language_code="pl").exists()
        assert type(polish).objects.filter(pk=polish.pk).exists()
