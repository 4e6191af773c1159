"""Renderers: one module per output format, grouped in families (findings, report), each a plain
function ``render(data, options)`` over core data and a ``RenderOptions`` (``render.options``).

``render.formats`` lists every family's formats by name; ``render.columns`` lists the report's
columns once for every tabular format. Renderers return strings (or bytes); they never print, exit
or read ledgers. Text that comes from a ledger is escaped here, by ``sociofund.render.safe``, for
the medium it goes to.
"""
