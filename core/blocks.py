"""
StreamField blocks shared by every page type.

Deliberately no embed block: embeds load third-party resources, which the
cities' data-protection officers do not accept.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Ebene 2")), ("h3", _("Ebene 3")), ("h4", _("Ebene 4"))],
        default="h2",
        label=_("Ebene"),
        help_text=_("Ebene 2 für Abschnitte, 3 und 4 für Unterabschnitte."),
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "components/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        max_length=250,
        help_text=_(
            "Beschreibt das Bild für Menschen, die es nicht sehen. Leer lassen, "
            "wenn das Bild rein dekorativ ist."
        ),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("Bildnachweis"),
        required=False,
        max_length=120,
        help_text=_("Urheber bzw. Quelle, z. B. „Foto: Hansestadt Wismar“."),
    )

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "components/blocks/image_block.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Wert"), max_length=40, help_text=_("z. B. „1.200“"))
    label = blocks.CharBlock(
        label=_("Bedeutung"), max_length=120, help_text=_("z. B. „Parkplätze mit Sensor“")
    )

    class Meta:
        icon = "pick"
        label = _("Kennzahl")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Linktext"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Seite"), required=False)
    url = blocks.URLBlock(label=_("Externe Adresse"), required=False)
    document = DocumentChooserBlock(label=_("Dokument"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="components/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    key_figures = blocks.ListBlock(
        KeyFigureBlock(),
        label=_("Kennzahlen"),
        template="components/blocks/key_figures_block.html",
    )
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"))),
            ("number", blocks.DecimalBlock(label=_("Zahl"))),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
        ],
        label=_("Tabelle"),
        template="components/blocks/table_block.html",
    )
    links = blocks.ListBlock(
        LinkBlock(), label=_("Linkliste"), template="components/blocks/links_block.html"
    )

    class Meta:
        label = _("Inhalt")
