"""Request checks that hold for every URL of the site."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulInPathMiddleware:
    """
    A NUL character in the path answers 400 before any view sees it. No page,
    tag or route has one in its address, and PostgreSQL refuses NUL in any
    string, so a lookup with it would fail in the database rather than find
    nothing. Query parameters are left to their views: a search term is
    cleaned and searched (core.search_terms.search_term_cleaned), an unknown filter
    value is ignored with a notice or, in the API, answered with 400.
    Placed after LocaleMiddleware so that /en/ addresses get the English text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest(
                _("Ungültige Adresse: Sie enthält ein Nullzeichen (%00)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
