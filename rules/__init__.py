"""newslint's built-in rules, registered through the same hook as any third-party plugin.

Every module in this package that defines ``RULES`` (a list of rule classes) contributes them, so a
new rule family is one new module.
"""

from __future__ import annotations

import importlib
import pkgutil

from newslint.hookspecs import hookimpl


def builtin_rule_modules() -> list[str]:
    return sorted(
        f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
    )


@hookimpl
def newslint_register_rules():
    rules = []
    for name in builtin_rule_modules():
        module = importlib.import_module(name)
        rules.extend(getattr(module, "RULES", ()))
    return rules
