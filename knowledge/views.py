"""Views of the knowledge section that are not pages: the lessons finder."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.pagination import paginate

from .choices import LessonKind, ProjectPhase
from .queries import lessons_found


def lessons(request):
    """Lessons of all cities, filterable by kind and phase ("all obstacles in procurement")."""
    notices = []
    kind = request.GET.get("kind") or None
    phase = request.GET.get("phase") or None
    if kind and kind not in LessonKind.values:
        notices.append(_("Unbekannte Art „%(value)s“ wurde ignoriert.") % {"value": kind[:100]})
        kind = None
    if phase and phase not in ProjectPhase.values:
        notices.append(_("Unbekannte Phase „%(value)s“ wurde ignoriert.") % {"value": phase[:100]})
        phase = None
    found = lessons_found(kind=kind, phase=phase)
    return render(
        request,
        "pages/lessons.html",
        {
            "kind": kind,
            "phase": phase,
            "kinds": found["kinds"],
            "phases": found["phases"],
            "lessons": paginate(request, found["lessons"], per_page=20),
            "notices": notices,
        },
    )
