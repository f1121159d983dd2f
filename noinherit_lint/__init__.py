"""noinherit-lint: find and fix handles that leak into child processes."""

__version__ = "0.1.0"
