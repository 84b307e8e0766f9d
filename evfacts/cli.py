"""The ``evfacts`` console script (``evfacts.cli:main``); the commands live in :mod:`evfacts.commands`."""

from .commands import app, main

__all__ = ["app", "main"]
