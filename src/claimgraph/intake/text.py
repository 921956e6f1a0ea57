"""HTML to plain text, block by block, with selectolax (lexbor): fast, small, well kept.

Only the main content is kept (``<article>``, else ``<main>``, else ``<body>``, without
scripts, styles, navigation, headers and footers). Each block becomes one paragraph of the
text, separated by a blank line: headings are written "# ...", list items "- ...", so that
paragraph numbers ("paragraph 3") count the paragraphs a reader sees.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_DROP = "script, style, noscript, nav, header, footer, aside, form, template, svg"
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, th, dd, dt, figcaption"


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per paragraph."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return ""
    blocks = []
    for node in root.css(_BLOCKS):
        if node.css_first(
            _BLOCKS.replace(", li", "").replace(", p", "")
        ) is not None and node.tag in ("li", "td", "blockquote", "dd"):
            continue  # a container whose inner blocks are listed on their own
        text = re.sub(r"\s+", " ", node.text(separator=" ")).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if not text:
            continue
        tag = node.tag or ""
        if tag.startswith("h") and tag[1:].isdigit():
            text = "#" * int(tag[1]) + " " + text
        elif tag == "li":
            text = "- " + text
        blocks.append(text)
    return "\n\n".join(blocks) + "\n" if blocks else ""
