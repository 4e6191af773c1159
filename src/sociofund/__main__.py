"""`python -m sociofund`."""

from sociofund.cli import main

main()
