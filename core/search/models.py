"""
The synonyms the alliance maintains: groups of terms a reader may type for
one another ("Bürgerbeteiligung", "Partizipation", "Mitbestimmung").

A term is compared by the stems of its words (core.search.analysis), the same
analysis the search applies to the query, so "Parken" and "parken" are one
term and a group matches whatever form a reader types. The rules for a valid
group live here, beside the model, so the admin form and the demo data files
refuse the same things; the search reads the groups in core.search.synonyms.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from .analysis import stem, words

# A group may be typed one term per line or as a comma-separated list; it is
# stored one term per line.
TERM_SEPARATORS = re.compile(r"[\n\r,;]+")
MIN_TERMS = 2
# Every term of a group is searched for whenever one of them is typed, so a
# group's size bounds how much one query word can grow.
MAX_TERMS = 20
MAX_TERM_WORDS = 3
MAX_TERM_LENGTH = 60
# How much of an overlong term a message quotes.
QUOTED_LENGTH = 30


def synonym_terms_split(text: str) -> list[str]:
    """The terms of a group as typed: lines or comma-separated, whitespace collapsed."""
    return [" ".join(term.split()) for term in TERM_SEPARATORS.split(text) if term.strip()]


def term_stems(term: str) -> tuple[str, ...]:
    """The stems of a term's words: what the search compares, whatever the spelling."""
    return tuple(stem(word) for word in words(term))


def quoted(term: str) -> str:
    return term if len(term) <= QUOTED_LENGTH else term[:QUOTED_LENGTH] + "…"


def synonym_terms_problems(*, terms: list[str]) -> list[str]:
    """
    What is wrong with a group of terms, one message each, in the editors'
    language: fewer than two terms, or too many; a term without a word, of
    more than three words or more than 60 characters; a term twice (as
    stems, so "Parken" and "parken" are the same term).
    """
    problems = []
    if len(terms) < MIN_TERMS:
        problems.append(
            _("Eine Gruppe braucht mindestens %(min)d Begriffe (gefunden: %(count)d).")
            % {"min": MIN_TERMS, "count": len(terms)}
        )
    if len(terms) > MAX_TERMS:
        problems.append(
            _("Eine Gruppe hat höchstens %(max)d Begriffe (gefunden: %(count)d).")
            % {"max": MAX_TERMS, "count": len(terms)}
        )
    first_of_stems: dict[tuple[str, ...], str] = {}
    for term in terms:
        if len(term) > MAX_TERM_LENGTH:
            problems.append(
                _("„%(term)s“ ist %(length)d Zeichen lang; ein Begriff hat höchstens %(max)d.")
                % {"term": quoted(term), "length": len(term), "max": MAX_TERM_LENGTH}
            )
            continue
        stems = term_stems(term)
        if not stems:
            problems.append(_("„%(term)s“ enthält kein Wort.") % {"term": term})
        elif len(stems) > MAX_TERM_WORDS:
            problems.append(
                _("„%(term)s“ hat %(count)d Wörter; ein Begriff hat 1 bis %(max)d Wörter.")
                % {"term": term, "count": len(stems), "max": MAX_TERM_WORDS}
            )
        elif stems in first_of_stems:
            problems.append(
                _("„%(term)s“ steht schon als „%(first)s“ in der Gruppe.")
                % {"term": term, "first": first_of_stems[stems]}
            )
        else:
            first_of_stems[stems] = term
    return problems


class SynonymGroup(models.Model):
    """
    Terms that mean the same to a reader. A search for any one of them also
    finds the others (core.search.synonyms); a term may stand in several
    groups, and each group links only its own terms. Maintained by the
    alliance administration (governance).
    """

    terms = models.TextField(
        _("Begriffe"),
        help_text=_(
            "Ein Begriff je Zeile (oder durch Kommas getrennt), mindestens zwei, höchstens "
            "zwanzig; jeder Begriff mit ein bis drei Wörtern und höchstens 60 Zeichen. "
            "Groß- und Kleinschreibung und Wortendungen spielen keine Rolle: „Parkplatz“ "
            "steht auch für „Parkplätze“."
        ),
    )
    note = models.CharField(
        _("Notiz"),
        max_length=200,
        blank=True,
        help_text=_("Wozu die Gruppe dient oder wer sie gewünscht hat; nur im Admin sichtbar."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Synonymgruppe")
        verbose_name_plural = _("Synonymgruppen")

    def __str__(self):
        return " ~ ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return synonym_terms_split(self.terms)

    def clean(self):
        super().clean()
        terms = self.term_list
        problems = synonym_terms_problems(terms=terms)
        if problems:
            raise ValidationError({"terms": problems})
        # Stored as the search reads it: one term per line, spaces collapsed.
        self.terms = "\n".join(terms)
