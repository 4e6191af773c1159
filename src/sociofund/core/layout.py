"""The names a ledger set uses on disk: its settings file, its year files, its temporary files.

Named here once, in a module that touches nothing, so that the loader, the writer and the
``init`` templates (which put the temporary files in ``.gitignore``) agree. The write lock is not
among them: it lives outside the set (``core.lock``).

Must not import: anything but the standard library.
"""

from __future__ import annotations

import re

CONFIG_FILE = "sociofund.toml"
#: the set's decisions (``core.decisions``); optional, like the settings file
DECISIONS_FILE = "decisions.toml"
#: the years a ledger can hold (``model.Year``)
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: a year file: exactly four ASCII digits (``\d`` would take ``٢٠٢٢`` and ``２０２２``, and
#: ``int()`` reads them as 2022), a year in range; any other ``*.toml`` is a stray file (F007)
YEAR_FILE = re.compile(r"^([0-9]{4})\.toml$", re.ASCII)


def year_of(name: str) -> int | None:
    """The year a file name stands for, or None if it is not a year file's name."""
    m = YEAR_FILE.match(name)
    if m is None or m.group(1).startswith("0"):
        return None
    year = int(m.group(1))
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


#: the temporary files ``ledgerfile.write_atomic`` leaves when it is killed outright (SIGKILL,
#: power loss) next to a ledger file: ``.2022.toml.k3j_9x0q.tmp`` (mkstemp's eight characters)
TEMP_FILE = re.compile(r"^\.(?:[0-9]{4}|sociofund)\.toml\.[a-z0-9_]{8}\.tmp$", re.ASCII)
#: the same names as a ``.gitignore`` pattern
TEMP_GITIGNORE = ".*.toml.*.tmp"
#: what ``init`` puts in ``.gitignore`` (the write lock is kept outside the set: ``core.lock``)
GITIGNORE_LINES = (TEMP_GITIGNORE,)
