"""The command line: opening the reader, and the commands for scripts.

Nothing here imports Textual but opening the reader (``open_reader.cmd_open``).
"""
