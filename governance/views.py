"""
The admin's "Übersetzung prüfen" (translation reviewed): a person who may
edit a translated page confirms that they have read its machine-translated
text (the rule: core.machine_translation). Who may do it is the page's own
rights, which governance copies to every translation of a city's page: a
city's editors and moderators for their city's translations, the alliance
for the home page and the city index, nobody for another city's pages.
A moderator's review publishes the translation at once; an editor's counts
when the city's moderators publish it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from core.content_language import content_language, source_language
from core.machine_translation import (
    page_original,
    translation_review_pending,
    translation_review_record,
    translation_review_state,
)


def page_is_translation(page: Page) -> bool:
    """A page of another language than the source, with text of its own (not an alias)."""
    return page.alias_of_id is None and content_language(page) != source_language()


def translation_reviewable_by(user, page: Page) -> bool:
    """Whether `user` may mark the translation `page` reviewed: they may edit the page."""
    return page_is_translation(page) and page.permissions_for_user(user).can_edit()


def translation_review_offered(*, user, page: Page) -> bool:
    """Whether the admin offers `user` to review `page`: they may, and something waits."""
    return translation_reviewable_by(user, page) and translation_review_pending(page=page)


class TranslationReviewForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "Ich habe die maschinell übersetzten Texte gelesen und mit dem deutschen "
            "Original verglichen."
        ),
        error_messages={
            "required": gettext_lazy(
                "Bitte bestätigen Sie, dass Sie die Übersetzung geprüft haben; "
                "ohne Bestätigung bleibt alles, wie es war."
            )
        },
    )


class TranslationReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "admin/translation_review.html"
    header_icon = "check"
    page_title = gettext_lazy("Übersetzung prüfen")

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not page_is_translation(self.page):
            raise Http404(_("Nur Übersetzungen werden geprüft."))
        if not translation_reviewable_by(request.user, self.page):
            raise PermissionDenied
        self.can_publish = self.page.permissions_for_user(request.user).can_publish()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=TranslationReviewForm()))

    def post(self, request, page_id):
        form = TranslationReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            translation_review_record(page=self.page, user=request.user, publish=self.can_publish)
        except ValidationError:
            messages.error(
                request,
                _(
                    "Die Übersetzung lässt sich so nicht veröffentlichen; bitte die "
                    "markierten Texte im Übersetzungseditor korrigieren. Nichts wurde geändert."
                ),
            )
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        if self.can_publish:
            messages.success(
                request,
                _("„%(title)s“ ist geprüft und veröffentlicht; der Hinweis ist entfernt.")
                % {"title": self.page.get_admin_display_title()},
            )
        else:
            messages.success(
                request,
                _(
                    "„%(title)s“ ist als geprüft vermerkt. Der Hinweis verschwindet, "
                    "sobald die Übersetzung veröffentlicht ist (Freigabe der Stadt)."
                )
                % {"title": self.page.get_admin_display_title()},
            )
        return redirect("wagtailadmin_pages:edit", self.page.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        original = page_original(self.page)
        state = translation_review_state(page=self.page)
        reviewer = state.reviewed_by
        context.update(
            page=self.page,
            state=state,
            reviewer=(reviewer.get_full_name() or reviewer.get_username())
            if reviewer is not None
            else _("unbekannt"),
            can_publish=self.can_publish,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            original_edit_url=reverse("wagtailadmin_pages:edit", args=[original.pk])
            if original is not None
            else "",
            language=self.page.locale.get_display_name(),
        )
        return context
