"""Markdown to safe HTML: editors write Markdown, readers only ever get clean markup."""

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "figcaption", "figure", "h2",
    "h3", "h4", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul", "nav", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# A wide table or code block scrolls inside itself on a phone: keyboard users
# must be able to focus it to scroll it.
SCROLLABLE = {"table": {"tabindex": "0"}, "pre": {"tabindex": "0"}}


def sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        allowed_classes={"div": {"toc"}},
        set_tag_attribute_values=SCROLLABLE,
    )


def render_markdown(text):
    """Return the body's HTML and its table of contents, both sanitized."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "smarty"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    body = md.convert(text)
    toc = md.toc if md.toc_tokens else ""
    return sanitize(body), sanitize(toc)
