"""Keywords with jieba, computed in a child process and cached on disk.

Imports ``storage`` and ``core``; jieba only in the child (``child``).
"""
