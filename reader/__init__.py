"""luoyang-reader: a terminal reader for the Luoyang Daily (洛阳日报)."""

__version__ = "0.1.0"
