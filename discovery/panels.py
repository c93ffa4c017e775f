"""
Read-only panels for the outcome of a partner network's last run, shown on
its edit view beside what the administration sets: when it ran, when it
last succeeded, the error (a catalogue's refused files one per line) and the
size of the copy. The listing shows the same in its columns, cut short.
https://docs.wagtail.org/en/stable/reference/panels.html#fieldpanel (read_only)
"""

from django.template.defaultfilters import linebreaksbr

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class RunOutcomePanel(FieldPanel):
    """A field the harvest writes: never editable, „–“ when empty, line breaks kept."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return "–"
        if isinstance(value, str):
            return linebreaksbr(value, autoescape=True)
        return super().format_value_for_display(value)


class SavedRecordPanel(MultiFieldPanel):
    """Shown on the edit view only: a network being added has not run."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()
