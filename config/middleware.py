"""Request checks that hold for every URL of the site."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponseBadRequest
from django.middleware.csp import get_nonce
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils.csp import CSP, build_policy
from django.utils.translation import gettext as _


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """
    Django's LocaleMiddleware without its `Vary: Accept-Language` where the
    language comes from the address alone: German at the root, English under
    /en/ (i18n_patterns with prefix_default_language=False, for which Django
    activates LANGUAGE_CODE on every address without a prefix, the feeds,
    the API and the downloads included). The browser's header never picks
    the language, so saying that the answer varies on it would only make a
    reverse proxy keep one copy per header value and revalidate each apart.
    """

    def process_response(self, request, response):
        vary = response.get("Vary")
        answer = super().process_response(request, response)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
        if answer is response and i18n_patterns_used and not prefixed_default_language:
            if vary is None:
                answer.headers.pop("Vary", None)
            else:
                answer["Vary"] = vary
        return answer


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


class AdminContentSecurityPolicyMiddleware:
    """
    Wagtail's admin under its own, somewhat wider policy (SECURE_CSP_ADMIN):
    its templates write inline scripts that start the date pickers,
    choosers and inline panels of the editor, different on every page, so
    neither a nonce nor a hash can allow them. The public site keeps
    SECURE_CSP. Placed after Django's ContentSecurityPolicyMiddleware, so
    its header is in place first and Django's middleware leaves it alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            # Set, not merely defaulted: Wagtail renders a preview through the
            # whole middleware stack for the page's public address, which
            # leaves the public policy (frame-ancestors 'none') on a response
            # the editor shows in its frame.
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(
                settings.SECURE_CSP_ADMIN, get_nonce(request)
            )
        return response
