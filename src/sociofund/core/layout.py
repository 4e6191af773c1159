"""The names a ledger set uses on disk: its settings file, its year files, its write lock.

Named here once, in a module that touches nothing, so that the loader, the lock and the ``init``
templates (which put the lock file in ``.gitignore``) agree.

Must not import: anything but the standard library.
"""

from __future__ import annotations

import re

CONFIG_FILE = "sociofund.toml"
#: the set's decisions (``core.decisions``); optional, like the settings file
DECISIONS_FILE = "decisions.toml"
YEAR_FILE = re.compile(r"^(\d{4})\.toml$")
#: the set's write lock (``core.lock``); never committed
LOCK_NAME = ".sociofund.lock"
