"""The bottom layer: the model of a newspaper and what every layer shares.

Plain Python (no Textual, no Rich live display, no jieba, no SQLite): the
model, content digests, the sanitising boundary for text and for files, line
breaking, the UI's language, an article laid out for a width.
"""
