"""Screens: they own state and saving."""
