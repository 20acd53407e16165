"""Inline markup in a line of text, as the text it stands for.

A crawler's Markdown, and a page saved from a site, carry markup inside
their lines: links (``据[新华社](http://…)报道``), pictures
(``![图为夜市一角](…/1.jpg)``), bold and stressed words (``**昨日**``),
the HTML a converter left (``<p style=…>``, ``<br/>``) and its entities
(``&nbsp;``, ``&ldquo;``). The paper printed none of it: ``plain`` gives the
words (a link's text, a picture's description, the entity's character) and
drops the rest. A row of links and nothing else is a site's navigation, and
is left as written for the chrome rules to tell (``line_kinds.is_link_row``).

An entity is read only when it names a character that is text: one naming
a control or format character, or none (``&#27;``, ``&#x202e;``, ``&#0;``),
is left as written.
"""

from __future__ import annotations

import html
import re
import unicodedata

from reader.text.line_kinds import is_link_row

MAYBE_MARKUP_RE = re.compile(r"[\[*`<&]")  # a line with none of these has no inline markup (most lines)
IMAGE_RE = re.compile(r'!\[([^\[\]]*)\]\([^()\s]*(?:\s+"[^"]*")?\)')
LINK_RE = re.compile(r'\[([^\[\]]+)\]\([^()\s]*(?:\s+"[^"]*")?\)')
STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# *气温*: a stressed word of Chinese text (stars around ASCII stress it only set apart: 3*4*5 is arithmetic). A few words
# at most: stars further apart are text, and a line of one star is read once, not once per character.
STRESS_MAX = 100
STRESSED_RE = re.compile(rf"(?<!\*)\*([^*\n]{{1,{STRESS_MAX}}})\*(?!\*)")
CODE_RE = re.compile(r"`([^`\n]+)`")
TAG_RE = re.compile(
    r"</?(?:p|br|div|span|strong|b|i|em|u|s|font|a|img|center|section|article|small|big|sup|sub|h[1-6]|ul|ol|li"
    r"|table|tbody|thead|tr|td|th|blockquote|figure|figcaption|hr|o:p)\b[^<>]*>",
    re.IGNORECASE,
)
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def plain(text: str) -> str:
    """``text`` without its inline markup (see the module doc)."""
    if MAYBE_MARKUP_RE.search(text) is None or is_link_row(text):
        return text
    text = IMAGE_RE.sub(r"\1", text)
    text = LINK_RE.sub(r"\1", text)
    text = STRONG_RE.sub(r"\1", text)
    text = STRESSED_RE.sub(_stressed, text)
    text = CODE_RE.sub(r"\1", text)
    text = TAG_RE.sub("", text)
    return entities(text).strip()


def _stressed(stars: re.Match[str]) -> str:
    """The words between two stars, when they stress words of Chinese text,
    or stand apart from the text around them (``原创 *2023-06-09 08:00*``; in
    ``3*4*5`` they are arithmetic): else the stars stay."""
    words = stars.group(1)
    if words[0].isspace() or words[-1].isspace():
        return stars.group(0)
    if words.isascii():
        line, start, end = stars.string, stars.start(), stars.end()
        if (start and not line[start - 1].isspace()) or (end < len(line) and not line[end].isspace()):
            return stars.group(0)
    return words


def entities(text: str) -> str:
    """``text`` with each entity that names a character of text read as it (see the module doc)."""
    return ENTITY_RE.sub(_character, text) if "&" in text else text


def _character(entity: re.Match[str]) -> str:
    """The character an entity names, when it is text (else the entity as written)."""
    found = html.unescape(entity.group(0))
    if found in ("", "\ufffd", entity.group(0)) or any(unicodedata.category(ch).startswith("C") for ch in found):
        return entity.group(0)
    return found
