"""Read queries of the knowledge section: the lessons finder."""

from django.db.models import Count
from django.utils.translation import get_language

from core.queries import each_once_in, in_source_language, published_pages

from .choices import LessonKind, ProjectPhase
from .models import LessonPage


def lessons_found(*, kind: str | None, phase: str | None):
    """
    Published lessons of every city, optionally of one kind and one phase, with
    the counts the finder shows next to each kind and phase (each count
    combines with the other filter, as the link does). Three queries.
    """
    # Counted once each (the German lessons); listed in the reader's language
    # where translated.
    lessons = in_source_language(published_pages(LessonPage))
    by_kind = dict(
        (lessons.filter(phase=phase) if phase else lessons)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    by_phase = dict(
        (lessons.filter(kind=kind) if kind else lessons)
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    if kind:
        lessons = lessons.filter(kind=kind)
    if phase:
        lessons = lessons.filter(phase=phase)
    lessons = each_once_in(lessons, get_language())
    return {
        "lessons": lessons.select_related("city").order_by("title", "pk"),
        "kinds": [
            (choice.value, choice.label, by_kind.get(choice.value, 0)) for choice in LessonKind
        ],
        "phases": [
            (choice.value, choice.label, by_phase.get(choice.value, 0)) for choice in ProjectPhase
        ],
    }
