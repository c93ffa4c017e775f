"""
Translations made the way an editor's click makes them: wagtail-localize's
`translate_object` (the code behind "Translate this page"), which copies the
page into the target locale, creating aliases of untranslated parents, and
publishes the copy when the source is live.
"""

from django.test import TestCase

from wagtail.models import Locale, Page

from wagtail_localize.operations import translate_object


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
