"""What the reader keeps on disk: where (paths), how it is opened (SQLite),
the user's settings and reading state.

Imports ``core`` only.
"""
