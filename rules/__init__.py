"""newslint's built-in rules, registered through the same hook as any third-party plugin.

Each rule family is a package of this folder that defines ``RULES`` (a list of rule classes), one
module per rule: ``repetition`` (NL1xx), ``entities`` (NL2xx), ``structure`` (NL3xx),
``readability`` (NL4xx). A new family is one new package. What several rules share lives in
``analysis`` (no rule there); data newsrooms read and extend in ``packs``; files written by a tool
in ``generated`` (its README names the command that rewrites each).
"""

from __future__ import annotations

import importlib
import pkgutil

from newslint.hookspecs import hookimpl

#: packages of this folder that hold no rules
NOT_FAMILIES = frozenset({"analysis", "generated"})


def builtin_rule_modules() -> list[str]:
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)
                  if not m.name.startswith("_") and m.name not in NOT_FAMILIES)


@hookimpl
def newslint_register_rules():
    rules = []
    for name in builtin_rule_modules():
        module = importlib.import_module(name)
        rules.extend(getattr(module, "RULES", ()))
    return rules
