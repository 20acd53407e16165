"""The reading session: what the reader does, in plain Python.

Imports the layers below (``catalog``, ``keywords``, ``search``, ``text``,
``storage``, ``core``), never Textual: the current article, read rules,
positions, bookmarks, the search cursor and the sidebar's keywords, over a
``Library`` of open issues.
"""
