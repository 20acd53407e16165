"""Search: folding text and queries alike, matching, hits, pinyin.

Imports ``core`` only. The matcher here is the single source of truth for
every search: the in-memory index runs it over open issues, the catalog's
index over the articles it narrowed to.
"""
