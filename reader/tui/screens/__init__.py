"""Screens: views that route keys and widget messages to the reading session and show its answers."""
