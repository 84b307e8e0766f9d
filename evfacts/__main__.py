"""``python -m evfacts``: the same command line as the ``evfacts`` script."""

from .cli import main

main()
