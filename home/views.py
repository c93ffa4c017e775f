"""Views that are not pages: the tag pages."""

from django.http import Http404
from django.shortcuts import render

from taggit.models import Tag

from .queries import pages_tagged, tag_counts


def tag_index(request):
    """Every tag on a published page, with how many pages carry it."""
    counts = tag_counts()
    tags = Tag.objects.filter(pk__in=counts.keys()).order_by("name")
    rows = [(tag, counts[tag.pk]) for tag in tags]
    return render(request, "pages/tag_index.html", {"tag_rows": rows})


def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    sections = pages_tagged(tag)
    if not sections:
        raise Http404
    return render(
        request,
        "pages/tag_page.html",
        {
            "tag": tag,
            "sections": sections,
            "total": sum(len(section["pages"]) for section in sections),
        },
    )
