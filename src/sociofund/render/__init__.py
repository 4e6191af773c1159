"""Renderers: one module per output family, each a set of plain functions over core data.

Renderers return strings (or bytes); they never print, exit or read ledgers. Text that comes from
a ledger is escaped here, by ``sociofund.render.safe``, for the medium it goes to.
"""
