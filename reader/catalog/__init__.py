"""The catalog: every file the reader has opened, parsed once, indexed for
search, read back lazily.

Imports ``text``, ``search``, ``storage`` and ``core``. Its tables are its
own: no SQL against them lives outside this package.
"""
