"""The command line: opening the reader, and the commands for scripts.

Nothing here imports Textual but opening the reader (``main.cmd_open``).
"""
