"""`{% share_meta page %}`: OpenGraph and JSON-LD for the page head (core.share_meta)."""

from django import template
from django.utils.safestring import mark_safe

from core.share_meta import json_ld_script_content, share_meta

register = template.Library()


@register.inclusion_tag("components/share_meta_tags.html", takes_context=True)
def share_meta_tags(context, page):
    # The page's tags as the view loaded them, so the head adds no query.
    meta = share_meta(page=page, request=context.get("request"), tags=context.get("tags_list"))
    return {"og": meta["og"], "json_ld": mark_safe(json_ld_script_content(meta["json_ld"]))}
