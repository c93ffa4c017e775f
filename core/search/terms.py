"""
The search index's tables: one row per indexed object, one row per term an
object contains, and the vocabulary of every term ever indexed.

The index stores analysed terms (`core.search.analysis`), never raw text, and
is read with plain SQL that SQLite and PostgreSQL answer alike: the same
query finds the same objects in the same order on both databases.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SearchDocument(models.Model):
    """An indexed object (a page, a contact, an image …) as the search sees it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Text, as in Wagtail's own index: an indexed model's key need not be an integer.
    object_id = models.CharField(max_length=255)
    # The title's stems between spaces (" digital parkraumbewirtschaft "), for
    # the bonus a title containing the query as a phrase gets.
    title_key = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="core_searchdocument_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class SearchTerm(models.Model):
    """
    A term one object contains, with the weight of its best occurrence: the
    field's weight (title 4, tags and summary 2, body 1), times 3/4 where the
    term is only a part of a compound.
    """

    # No constraint in the database: PostgreSQL checks a deferred foreign key
    # for every row at commit, 16 of update_index's 60 s at 20,000 projects
    # (two million terms). The rows are only written by the index
    # (core.search.backend), which deletes a document's terms with it
    # (Django's CASCADE, and `reset` deletes both tables).
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="terms",
        db_index=False,
        db_constraint=False,
    )
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [
            # Matching: every document with a term, and its weight, from the index alone.
            models.Index(fields=["term", "document", "weight"], name="core_searchterm_match"),
            # Deleting or re-indexing one document.
            models.Index(fields=["document"], name="core_searchterm_document"),
        ]

    def __str__(self):
        return self.term


class SearchVocabulary(models.Model):
    """
    Every term the index has seen, once: prefixes ("LoRa") and misspellings
    ("Lorwan") are looked up here before the index is searched. Rows are only
    added, so the newest id tells a process whether its copy is current;
    `update_index` starts it afresh.
    """

    term = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name_plural = "search vocabulary"

    def __str__(self):
        return self.term
