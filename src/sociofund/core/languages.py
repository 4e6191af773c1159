"""Which languages sociofund speaks: the names of the language modules in ``sociofund.i18n``.

A language is one module, ``sociofund/i18n/<code>.py`` (``sv.py``, ``en.py``). Everything that
names the languages takes the list from here: the ``lang`` setting of ``sociofund.toml``
(``model.Config``), the ``--lang`` choices of the command line, and the catalogue and number
conventions ``sociofund.i18n`` looks up. Adding a language is adding its file.

Why the core finds the names as data rather than importing ``sociofund.i18n``: the layers run
cli → render → i18n → core, so the core may not import i18n, yet ``model.Config.lang`` must still
refuse ``lang = "de"`` as a located F006 with the same message as before ("must be one of sv,
en"). Keeping ``Config.lang`` a ``Literal`` of the known codes does that through the model alone;
the alternative (a free string checked later, where the languages are known) would need a second
validation path outside the model and its own wording. Listing a package folder with
``importlib.util.find_spec`` and ``pkgutil.iter_modules`` imports neither the catalogues nor
``sociofund.i18n`` itself, so the core stays below i18n and ``--help`` stays fast.

Must not import: typer, rich, pydantic, or any other sociofund module.
"""

from __future__ import annotations

import importlib.util
import pkgutil
import re
from functools import cache

#: Swedish first (PRODUCT.md): what sociofund speaks when neither ``--lang`` nor the set says.
DEFAULT = "sv"

#: the environment that chooses the language when ``--lang`` does not (cli/language.py reads
#: them; the clean-check cache keys on them, so a replay never speaks another language)
ENV = "SOCIOFUND_LANG"
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

#: the package whose modules are the languages
PACKAGE = "sociofund.i18n"

#: a language module is named by its ISO 639 code; any other module there (``_helpers``) is not one
_CODE = re.compile(r"^[a-z]{2,3}$")


@cache
def codes() -> tuple[str, ...]:
    """The languages, the default first and the rest in alphabetical order: ``("sv", "en")``."""
    spec = importlib.util.find_spec(PACKAGE)
    found = {m.name for m in pkgutil.iter_modules(spec.submodule_search_locations or []) if _CODE.match(m.name)}
    return (DEFAULT, *sorted(found - {DEFAULT}))
