"""From files to the model: decoding, walking trees, parsing pages.

Imports ``core`` only. ``parse`` turns one file's text into its articles and
page furniture; ``sources`` reads files and walks trees safely; the rest are
the rules ``parse`` combines (what one line is, headers of pages without
markup, front matter, dates and pages, groups of issues).
"""
