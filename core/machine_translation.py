"""
Machine translation, flagged: a translated page whose text came from a
machine and that no person has reviewed says so on the page, in the API and
in the feeds, and links to its German original.

The rule, built on what wagtail-localize records for every translated string
(`StringTranslation.translation_type`: "machine" when the translation editor's
machine pre-fill made it, with DeepL, LibreTranslate or, in the tests, the
development translator; "manual" when a person typed or edited it):

- A machine string is reviewed when a person edits it in the translation
  editor (it becomes "manual"), or when a person who may edit the page marks
  the whole translation reviewed (`translation_review_record`, the admin's
  "Übersetzung geprüft"): that covers every string as it stands at that
  moment (`TranslationReview.reviewed_at`); a string machine-translated
  later, after a sync brought new German text, is unreviewed again.
- Readers see what was published: each publication of a translation
  (`page_published`) stores whether the published text holds an unreviewed
  machine string (`TranslationReview.machine_translated`). So a review by an
  editor without the right to publish takes effect when the city's
  moderators publish the translation; one by a moderator publishes it at once.
- A page translated without wagtail-localize's strings (none recorded) keeps
  the state it has until it is reviewed and published again.

German pages (the source language) and aliases (which show the German page)
are never machine-translated, and asking about them costs no query. Asking
about translated pages costs one query per request and language: the ids of
that language's pages awaiting review, kept on the request for every page,
list entry, API item and feed entry it shows.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from wagtail_localize.models import StringSegment, StringTranslation, Translation

from .content_language import content_language, source_language
from .queries import PAGE_LISTING_COLUMNS, published_pages

# The category a feed entry of a machine-translated page carries: a stable
# term for feed readers' filters, whatever the feed's language.
FEED_CATEGORY = "machine-translated"


class TranslationReview(models.Model):
    """
    Whether a translated page shows text that came from a machine and that
    no person has reviewed yet, and who reviewed it last (the rule is in
    core.machine_translation). Beside the page rather than a field of it, so
    that no page type needs a migration and every type has it; one row per
    page that was ever machine-translated, none for any other page.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="translation_review",
        verbose_name=_("Seite"),
    )
    machine_translated = models.BooleanField(
        _("maschinell übersetzt"),
        default=False,
        help_text=_(
            "Die veröffentlichte Fassung enthält maschinell übersetzten Text, den noch "
            "niemand geprüft hat; die Seite zeigt dann einen Hinweis."
        ),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Prüfung einer Übersetzung")
        verbose_name_plural = _("Prüfungen von Übersetzungen")

    def __str__(self):
        return f"{self.page_id}: {'maschinell' if self.machine_translated else 'geprüft'}"


# --------------------------------------------------------------------------
# Reading: what readers, the API and the feeds are told
# --------------------------------------------------------------------------


def _flagged_page_ids(locale_id: int, cache_object) -> frozenset[int]:
    cache = getattr(cache_object, "_machine_translated_page_ids", None)
    if cache is None:
        cache = {}
        if cache_object is not None:
            cache_object._machine_translated_page_ids = cache
    if locale_id not in cache:
        cache[locale_id] = frozenset(
            TranslationReview.objects.filter(
                machine_translated=True, page__locale_id=locale_id
            ).values_list("page_id", flat=True)
        )
    return cache[locale_id]


def page_is_machine_translated(page, *, cache_object=None) -> bool:
    """
    Whether `page` shows machine-translated text no person has reviewed.
    `cache_object` (the request, or the template context) keeps what was
    read for the next page asked about.
    """
    if not isinstance(page, Page) or page.pk is None:
        return False
    if content_language(page, cache_object=cache_object) == source_language():
        return False
    return page.pk in _flagged_page_ids(page.locale_id, cache_object)


def page_original(page) -> Page | None:
    """The published German page that `page` translates, for the link to it."""
    return (
        published_pages(Page.objects.filter(translation_key=page.translation_key))
        .filter(locale__language_code=source_language(), alias_of__isnull=True)
        .only(*PAGE_LISTING_COLUMNS)
        .first()
    )


def feed_categories_with_state(categories, page, *, request) -> list[str]:
    """A feed entry's categories, with FEED_CATEGORY for a machine-translated page."""
    categories = list(categories)
    if page_is_machine_translated(page, cache_object=request):
        categories.append(FEED_CATEGORY)
    return categories


def feed_description_with_state(description: str, page, *, request) -> str:
    """
    A feed entry's text, opened with the interface's "Maschinell übersetzt:"
    for a machine-translated page, so that a reader sees it in any feed reader.
    """
    if not page_is_machine_translated(page, cache_object=request):
        return description
    label = gettext("Maschinell übersetzt")
    return f"{label}: {description}" if description else label


# --------------------------------------------------------------------------
# Writing: publication and review
# --------------------------------------------------------------------------


def page_translation(page) -> Translation | None:
    """wagtail-localize's record of `page` as a translation (with its source), if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source")
        .first()
    )


def unreviewed_machine_strings(*, translation: Translation, since=None):
    """
    The strings of the translation's current source that the machine
    translated into its language and no person edited or reviewed since
    `since` (the last review, if any).
    """
    current = StringSegment.objects.filter(
        source_id=translation.source_id,
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    strings = StringTranslation.objects.filter(
        Exists(current),
        locale_id=translation.target_locale_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    if since is not None:
        strings = strings.filter(updated_at__gt=since)
    return strings


def _unreviewed(*, page, review: TranslationReview | None) -> bool:
    translation = page_translation(page)
    if translation is None:
        return bool(review and review.machine_translated and review.reviewed_at is None)
    since = review.reviewed_at if review is not None else None
    return unreviewed_machine_strings(translation=translation, since=since).exists()


def translation_review_update(*, page) -> None:
    """
    After a publication: store whether the published translation holds an
    unreviewed machine string. German pages and aliases are left alone.
    """
    if page.alias_of_id is not None or content_language(page) == source_language():
        return
    review = TranslationReview.objects.filter(page_id=page.pk).first()
    unreviewed = _unreviewed(page=page, review=review)
    if review is None:
        if unreviewed:
            TranslationReview.objects.create(page_id=page.pk, machine_translated=True)
    elif review.machine_translated != unreviewed:
        review.machine_translated = unreviewed
        review.save(update_fields=["machine_translated"])


def translation_review_after_publish(sender, instance, **kwargs) -> None:
    """`page_published` receiver (connected in CoreConfig.ready)."""
    translation_review_update(page=instance)


@dataclass(frozen=True)
class TranslationReviewState:
    """What the admin's review view shows about a translated page."""

    machine_translated: bool  # the published page shows the notice
    unreviewed_strings: int  # machine strings awaiting review, published or not
    reviewed_by: object | None
    reviewed_at: object | None
    synced: bool  # written in wagtail-localize's translation editor


def translation_review_state(*, page) -> TranslationReviewState:
    review = TranslationReview.objects.filter(page_id=page.pk).select_related("reviewed_by").first()
    translation = page_translation(page)
    unreviewed = 0
    if translation is not None:
        since = review.reviewed_at if review is not None else None
        unreviewed = unreviewed_machine_strings(translation=translation, since=since).count()
    return TranslationReviewState(
        machine_translated=bool(review and review.machine_translated),
        unreviewed_strings=unreviewed,
        reviewed_by=review.reviewed_by if review is not None else None,
        reviewed_at=review.reviewed_at if review is not None else None,
        synced=translation is not None and translation.enabled,
    )


def translation_review_pending(*, page) -> bool:
    """Whether there is anything to review: the notice is shown, or machine strings wait."""
    if page.alias_of_id is not None or content_language(page) == source_language():
        return False
    state = translation_review_state(page=page)
    return state.machine_translated or state.unreviewed_strings > 0


@transaction.atomic
def translation_review_record(*, page, user, publish: bool) -> TranslationReview:
    """
    `user` has reviewed the translation: every machine string as it stands
    now counts as reviewed. With `publish` (for a user who may publish the
    page) the translation is published as wagtail-localize's editor
    publishes it, and the notice goes at once; otherwise at the next
    publication. Who may do this is the caller's to check.
    """
    review, _created = TranslationReview.objects.update_or_create(
        page_id=page.pk, defaults={"reviewed_by": user, "reviewed_at": timezone.now()}
    )
    if publish:
        translation = page_translation(page)
        if translation is not None and translation.enabled:
            # Publishes when the transaction commits (wagtail-localize), and
            # translation_review_update then stores the state.
            translation.save_target(user=user, publish=True)
        else:
            # A page edited in the page form: its latest revision, as the
            # reviewer saw it in the editor.
            revision = page.get_latest_revision()
            transaction.on_commit(lambda: revision.publish(user=user))
    return review
