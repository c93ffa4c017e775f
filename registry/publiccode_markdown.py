"""
Markdown in publiccode.yml and the project body's rich text, both ways.

The standard lets `longDescription` use Markdown. An imported description
becomes the body's blocks: headings become heading blocks, everything else a
paragraph block of rich text. markdown-it-py reads it as CommonMark with raw
HTML switched off, so a file's `<script>` arrives as visible text, and it
refuses `javascript:` and `data:` links; images are not taken, as the site
loads nothing from third parties. The export writes the body back as
Markdown.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

from wagtail.rich_text import expand_db_html

from markdown_it import MarkdownIt

# HeadingBlock.text is at most 120 characters; a longer heading stays a bold paragraph.
HEADING_MAX = 120
HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3"}


def markdown_reader() -> MarkdownIt:
    reader = MarkdownIt("commonmark", {"html": False}).disable("image")
    # Wagtail's rich text stores bold and italic as <b> and <i> (what Draftail reads back).
    for style, tag in (("strong", "b"), ("em", "i")):
        reader.add_render_rule(f"{style}_open", lambda *args, tag=tag: f"<{tag}>")
        reader.add_render_rule(f"{style}_close", lambda *args, tag=tag: f"</{tag}>")
    return reader


MARKDOWN = markdown_reader()


def inline_text(token) -> str:
    """The plain text of an inline token (a heading's words without their emphasis)."""
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    ).strip()


def markdown_to_blocks(text: str) -> list[dict]:
    """The body's raw StreamField blocks for a Markdown text."""
    env: dict = {}
    tokens = MARKDOWN.parse(text, env)
    blocks: list[dict] = []
    pending: list = []

    def flush():
        html = MARKDOWN.renderer.render(pending, MARKDOWN.options, env).strip()
        if html:
            blocks.append({"type": "paragraph", "value": html})
        pending.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.level == 0:
            flush()
            heading = inline_text(tokens[index + 1])
            if heading and len(heading) <= HEADING_MAX:
                level = HEADING_LEVELS.get(token.tag, "h4")
                blocks.append({"type": "heading", "value": {"text": heading, "level": level}})
            elif heading:
                blocks.append({"type": "paragraph", "value": f"<p><b>{escape(heading)}</b></p>"})
            index += 3  # heading_open, inline, heading_close
            continue
        pending.append(token)
        index += 1
    flush()
    return blocks


class MarkdownWriter(HTMLParser):
    """Rich text as Wagtail renders it to Markdown: paragraphs, headings, lists, emphasis, links."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
    # Inline formatting: the same mark opens and closes it.
    MARKS = {"b": "**", "strong": "**", "i": "_", "em": "_", "code": "`"}

    def __init__(self, *, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list[str] = []
        self.parts: list[str] = []
        self.prefix = ""
        self.lists: list[list] = []  # [tag, number of the next item]
        self.links: list[str] = []

    def end_block(self):
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(self.prefix + text)
        self.parts, self.prefix = [], ""

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag in ("ul", "ol", "br"):
            self.end_block()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            self.prefix = "- " if kind[0] == "ul" else f"{kind[1]}. "
            kind[1] += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.prefix = "#" * int(tag[1]) + " "
        elif tag in self.MARKS:
            self.parts.append(self.MARKS[tag])
        elif tag == "a":
            self.links.append(urljoin(self.base_url, dict(attrs).get("href") or ""))
            self.parts.append("[")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.end_block()
        elif tag in ("ul", "ol") and self.lists:
            self.end_block()
            self.lists.pop()
        elif tag in self.MARKS:
            self.parts.append(self.MARKS[tag])
        elif tag == "a" and self.links:
            self.parts.append(f"]({self.links.pop()})")

    def handle_data(self, data):
        # Text that reads like HTML stays text for Markdown readers that allow HTML.
        self.parts.append(data.replace("<", "&lt;"))

    def markdown(self) -> list[str]:
        self.close()
        self.end_block()
        return self.blocks


def rich_text_to_markdown(html: str, *, base_url: str = "") -> list[str]:
    """The Markdown blocks (paragraphs, list items, headings) of stored rich text."""
    writer = MarkdownWriter(base_url=base_url)
    writer.feed(expand_db_html(html))
    return writer.markdown()


def body_to_markdown(body, *, base_url: str = "") -> list[str]:
    """The body's headings and text as Markdown blocks; images, tables and figures are left out."""
    blocks = []
    for block in body:
        if block.block_type == "heading":
            level = {"h2": 2, "h3": 3, "h4": 4}.get(block.value.get("level"), 2)
            text = " ".join(str(block.value.get("text", "")).split()).replace("<", "&lt;")
            if text:
                blocks.append("#" * level + " " + text)
        elif block.block_type == "paragraph":
            html = block.value.source if hasattr(block.value, "source") else str(block.value)
            blocks += rich_text_to_markdown(html, base_url=base_url)
    return blocks
