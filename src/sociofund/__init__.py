"""sociofund: a plain-text budget ledger for earmarked grant money."""

__version__ = "0.1.0"
