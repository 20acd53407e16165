"""Parsed articles as compact bytes, for the catalog: JSON, compressed.

JSON, not pickle: the catalog is a cache file on disk, and reading it back
must never run code, whoever wrote it. A row that does not decode is an
error the catalog answers by parsing the file again; so is one that would
inflate to more than its file could hold.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from reader.core.model import Article, Block

BLOCK_TYPES = ("paragraph", "heading", "caption", "note", "source")
# Marks an article compressed with the catalog's preset dictionary (``catalog.dictionary``): then its
# dictionary's Adler-32, a raw deflate stream, and the text's Adler-32. A zlib stream starts with 0x78.
WITH_DICTIONARY = b"\x01"


def article_bytes(article: Article, zdict: bytes | None = None) -> bytes:
    """One article as compressed JSON (with the catalog's preset dictionary, if given: ``catalog.dictionary``)."""
    doc = [
        article.id, article.title, article.column, article.kicker, article.subtitle, article.byline,
        article.byline_at, [[block.type, block.text] for block in article.blocks],
        list(article.unprinted), list(article.keywords),
    ]
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if zdict is None:
        return zlib.compress(text, 9)  # inflating costs the same at any level
    # A raw stream: zlib's own header would make every inflate check the dictionary's Adler-32 (16 KB).
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=zdict)
    return (WITH_DICTIONARY + zlib.adler32(zdict).to_bytes(4, "big") + deflater.compress(text) + deflater.flush()
            + zlib.adler32(text).to_bytes(4, "big"))


def dictionary_id(data: object) -> int | None:
    """The Adler-32 of the preset dictionary a stored article was compressed
    with, as its first bytes name it; None when it was compressed without
    (a zlib stream, whose first byte is never ``WITH_DICTIONARY``)."""
    if isinstance(data, bytes) and len(data) >= 9 and data[:1] == WITH_DICTIONARY:
        return int.from_bytes(data[1:5], "big")
    return None


def _text(value: object, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def inflate_limit(size: object) -> int:
    """The most an article of a file of ``size`` bytes can take as JSON: a few
    times its text (escapes and structure), never more than the largest file read."""
    from reader.text.sources import MAX_BYTES

    known = size if isinstance(size, int) and size > 0 else MAX_BYTES
    return 3 * min(known, MAX_BYTES) + 65536


def inflate(data: object, limit: int, zdict: bytes | None = None) -> bytes:
    """``data`` decompressed (with ``zdict``, the dictionary it names:
    ``dictionary_id``), if it holds at most ``limit`` bytes: a row inflating
    to more (a zlib bomb) is refused before it is all in memory; one needing
    a dictionary it is not given, or not inflating to what it was, does not decode."""
    if not isinstance(data, bytes):
        raise ValueError("not compressed data")
    if dictionary_id(data) is not None:
        if zdict is None:
            raise ValueError("undecodable article (its dictionary is not this catalog's)")
        return _inflated(zlib.decompressobj(-zlib.MAX_WBITS, zdict=zdict), data[5:-4], limit, data[-4:])
    return _inflated(zlib.decompressobj(), data, limit, None)


def inflate_rows(rows: Iterable[tuple[int, object, object]], zdict_for: Callable[[bytes], bytes | None]) -> dict[int, bytes]:
    """``inflate`` of many stored articles, ``(key, data, its file's size)``,
    by key (those that do not inflate left out), their dictionary
    (``zdict_for(data)``) and limit (``inflate_limit``) asked once for all the
    articles that share them: most of a search's time is inflating thousands."""
    zdicts: dict[bytes, bytes | None] = {}
    limits: dict[object, int] = {}
    out: dict[int, bytes] = {}
    for key, data, size in rows:
        limit = limits.get(size)
        if limit is None:
            limit = limits[size] = inflate_limit(size)
        zdict = None
        if isinstance(data, bytes) and data[:1] == WITH_DICTIONARY:
            head = data[:5]
            zdict = zdicts[head] if head in zdicts else zdicts.setdefault(head, zdict_for(data))
        try:
            out[key] = inflate(data, limit, zdict)
        except ValueError:
            continue
    return out


def _inflated(inflater: Any, data: bytes, limit: int, check: bytes | None) -> bytes:
    """What ``inflater`` makes of ``data``, at most ``limit`` bytes, all of it, and
    with the Adler-32 ``check`` (big-endian) when given; else ``ValueError``."""
    try:
        out: bytes = inflater.decompress(data, limit + 1)
    except zlib.error as err:
        raise ValueError(f"undecodable article ({err})") from None
    if len(out) > limit:
        raise ValueError(f"an article inflates to more than {limit:,} bytes")
    if not inflater.eof:
        raise ValueError("undecodable article (truncated)")
    if check is not None and zlib.adler32(out) != int.from_bytes(check, "big"):
        raise ValueError("undecodable article (it does not inflate to what was stored)")
    return out


def article_text(data: object, limit: int, zdict: bytes | None = None) -> str:
    """The JSON text ``article_bytes`` compressed, if it inflates to at most
    ``limit`` bytes; ``ValueError`` for anything else."""
    try:
        return inflate(data, limit, zdict).decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"undecodable article ({type(err).__name__})") from None


def article_from_bytes(data: object, limit: int, zdict: bytes | None = None) -> Article:
    """The article ``article_bytes`` wrote, if it inflates to at most
    ``limit`` bytes; ``ValueError`` for anything else."""
    return article_from_text(article_text(data, limit, zdict))


def _doc(text: str) -> list[Any]:
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise ValueError(f"undecodable article ({type(err).__name__})") from None
    if not isinstance(doc, list) or len(doc) != 10:
        raise ValueError("not an article")
    return doc


def printed_texts(text: str) -> list[str]:
    """Every text of an article's JSON that search looks in (title, header,
    byline, blocks: its keywords and id aside), without making the article;
    ``ValueError`` when it is not one."""
    doc = _doc(text)
    blocks = doc[7]
    if not isinstance(blocks, list):
        raise ValueError("not an article")
    texts = [value for value in doc[1:6] if isinstance(value, str)]
    texts += [block[1] for block in blocks if isinstance(block, list) and len(block) == 2 and isinstance(block[1], str)]
    return texts


def article_from_text(text: str) -> Article:
    """The article of ``article_text``'s JSON; ``ValueError`` when it is not one."""
    doc = _doc(text)
    article_id, title, column, kicker, subtitle, byline, byline_at, blocks, unprinted, keywords = doc
    if not (isinstance(unprinted, list) and isinstance(keywords, list)):
        raise ValueError("not an article")
    if not isinstance(blocks, list) or not (byline_at is None or isinstance(byline_at, int)):
        raise ValueError("not an article")
    made = []
    for block in blocks:
        if not (isinstance(block, list) and len(block) == 2 and block[0] in BLOCK_TYPES):
            raise ValueError("not a block")
        made.append(Block(block[0], _text(block[1], optional=False) or ""))
    return Article(
        id=_text(article_id, optional=False) or "", title=_text(title, optional=False) or "",
        column=_text(column), kicker=_text(kicker), subtitle=_text(subtitle), byline=_text(byline),
        blocks=tuple(made), byline_at=byline_at,
        unprinted=tuple(_text(x, optional=False) or "" for x in unprinted),
        keywords=tuple(_text(x, optional=False) or "" for x in keywords),
    )
