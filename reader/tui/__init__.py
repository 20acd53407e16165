"""The Textual application: screens route keys to the session and show its
answers; widgets show what they are given and post messages up.

The only layer that imports Textual (``keymap`` excepted: plain data, read by
the command line's man page too).
"""
