"""A page saved as its HTML (an e-paper page's source kept as ``.txt``).

A file that is an HTML document (it opens with ``<!DOCTYPE html>``,
``<html>``, ``<head>`` or ``<meta>``, perhaps after an XML declaration and
comments; a ``*.html`` saved page, or its source kept as ``.txt``) is read as the text a browser shows: each block (a paragraph, a
heading, a list's item, a table's row, a ``<div>``, a line break) a line of
its own, blocks apart; what a browser does not show (its ``<head>`` but the
page's title, scripts, styles, comments) is not text. The lines then read as
any page's (``unmarked``): the page's title, menus and date lines are its
furniture, its headlines and paragraphs its articles.

Read by one pass of ``str.find`` and anchored matches, never rescanning:
linear in the file, whatever it holds (``html.parser`` takes minutes over a
megabyte of unclosed comments, which a hostile file can be). A construct left
open runs to the end of the file, as in a browser.
"""

from __future__ import annotations

import re

from reader.text.inline_markup import entities

HTML_START_RE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta)[\s>]",
                           re.IGNORECASE | re.DOTALL)
TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?=[\s/>])[^<>]*>")
# Elements that start and end a block of their own (a line of the text).
BLOCKS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hr li main nav ol p pre section summary table tbody td tfoot th thead "
    "title tr ul".split()
)
HIDDEN = frozenset(("script", "style", "template", "noscript", "svg", "object", "iframe"))  # never shown as text
HEAD_SHOWN = "title"  # of the head, what a reader sees (as the window's name)
CJK_WRAP_RE = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])")  # a line end between two CJK characters: nothing
WRAP_RE = re.compile(r"\s*\n\s*")  # elsewhere a space
SNIFF = 4096  # characters looked at to tell an HTML document


def is_html_document(text: str) -> bool:
    """Whether the file is an HTML document (not a page with some tags in its lines)."""
    return HTML_START_RE.match(text[:SNIFF]) is not None


def html_text(text: str) -> str:
    """The text of an HTML document as a browser shows it: blocks as lines, a blank line between."""
    lines: list[str] = []
    line: list[str] = []
    in_head = in_title = False
    head = False  # inside <head>, outside its title: nothing shown

    def close_block() -> None:
        shown = entities("".join(line))  # as in a page's lines: never one naming a control character
        if "\n" in shown:  # a block's text runs on across the source's line ends
            shown = WRAP_RE.sub(" ", CJK_WRAP_RE.sub("", shown))
        if shown.strip():
            lines.append(shown.strip())
        line.clear()

    at, end = 0, len(text)
    while at < end:
        lt = text.find("<", at)
        if lt < 0:
            lt = end
        if not head:
            line.append(text[at:lt])
        if lt == end:
            break
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            at = end if close < 0 else close + 3
            continue
        tag = TAG_RE.match(text, lt)
        if tag is None:
            if text.startswith(("<!", "<?"), lt):  # a declaration, a processing instruction
                close = text.find(">", lt)
                at = end if close < 0 else close + 1
            else:
                if not head:
                    line.append("<")  # a lone < is text
                at = lt + 1
            continue
        at = tag.end()
        closing, name = tag.group(1), tag.group(2).lower()
        if name in HIDDEN and not closing:
            hidden_end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, at)
            at = end if hidden_end is None else hidden_end.end()
        elif name in ("head", "body", HEAD_SHOWN):
            close_block()
            if name == HEAD_SHOWN:
                in_title = not closing
            else:
                in_head = name == "head" and not closing
            head = in_head and not in_title
        elif name in BLOCKS:
            close_block()
    close_block()
    return "\n\n".join(lines) + "\n"

