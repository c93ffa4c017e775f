"""
Translations made the way an editor's click makes them: wagtail-localize's
`translate_object` (the code behind "Translate this page"), which copies the
page into the target locale, creating aliases of untranslated parents, and
publishes the copy when the source is live; and its machine pre-fill (the
code behind the translation editor's button, with the development
translator of the test settings, which reverses the words), then published.
"""

from django.test import TestCase

from wagtail.models import Locale, Page

from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object
from wagtail_localize.views.edit_translation import apply_machine_translation


def translation_of(page: Page, language_code: str = "en", *, user=None) -> Page:
    """The page's translation into `language_code`, created as wagtail-localize creates it."""
    locale = Locale.objects.get(language_code=language_code)
    # As stored, not as a test may have changed it in memory: a draft's
    # title is no part of the live page that is translated.
    page = Page.objects.get(pk=page.pk).specific
    # wagtail-localize publishes when the transaction commits; a test runs
    # inside one, so its on-commit callbacks are run here, as a commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(page, [locale], user=user)
    translation = page.get_translation(locale)
    return type(page.specific).objects.get(pk=translation.pk)


def machine_translation_of(page: Page, language_code: str = "en", *, user) -> Page:
    """
    The page translated into `language_code`, pre-filled by machine and
    published by `user` (who must be allowed to edit it), as the
    translation editor's two buttons do it.
    """
    translated = translation_of(page, language_code, user=user)
    translation = Translation.objects.get(
        source__object_id=translated.translation_key, target_locale=translated.locale
    )
    apply_machine_translation(translation.pk, user, get_machine_translator())
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(user=user, publish=True)
    return type(translated).objects.get(pk=translated.pk)
