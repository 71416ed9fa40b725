"""Build the plugin manager: the built-in plugins, then third parties from entry points."""

from __future__ import annotations

import functools
import os

import pluggy

from . import hookspecs
from .rule import Rule, validate_rule_class

PROJECT = "newslint"
ENTRY_POINT_GROUP = "newslint"
AUTOLOAD_ENV = "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"

#: modules registered as plugins before any third party, in this order
BUILTIN_PLUGINS = (
    "newslint.core_rules",
    "newslint.rules",
    "newslint.reporters",
)


class PluginError(Exception):
    """A plugin is broken: it cannot be imported, misspells a hook, or returns bad rules."""


def autoload_enabled() -> bool:
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in ("1", "true", "yes", "on")


def get_plugin_manager(extra_plugins=(), autoload: bool | None = None) -> pluggy.PluginManager:
    import importlib

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if (autoload if autoload is not None else autoload_enabled()) and _may_have_entry_points():
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # a third-party plugin that fails to import
            raise PluginError(_load_failure(exc)) from exc
    for plugin in extra_plugins:
        pm.register(plugin)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(_unknown_hooks(pm, exc.plugin)) from exc
    return pm


def _load_failure(exc: BaseException) -> str:
    """Name the entry point that fails to load (pluggy's error does not say which one)."""
    import importlib.metadata

    culprit = ""
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP:
                continue
            try:
                ep.load()
            except Exception as error:
                culprit = f" {ep.name} (from {dist.metadata['name']} {dist.version})"
                exc = error
                break
        if culprit:
            break
    return (f"the plugin{culprit} could not be loaded: {type(exc).__name__}: {exc}; "
            f"update or uninstall it, or set {AUTOLOAD_ENV}=1 to run without plugins")


def _unknown_hooks(pm: pluggy.PluginManager, plugin) -> str:
    import difflib

    known = sorted(name for name in vars(pm.hook) if not name.startswith("_") and
                   getattr(pm.hook, name).spec is not None)
    unknown = sorted(impl.function.__name__ for caller in vars(pm.hook).values()
                     if getattr(caller, "spec", "") is None
                     for impl in caller.get_hookimpls() if impl.plugin is plugin)
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1)
        hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
    return (f"plugin {plugin_name(pm, plugin)} has a hook newslint does not know: {', '.join(hints) or '?'}; "
            f"the hooks are {', '.join(known)}")


def _may_have_entry_points(group: str = ENTRY_POINT_GROUP) -> bool:
    """Whether any installed distribution might declare entry points in ``group``.

    Importing ``importlib.metadata`` costs about a sixth of a one-article run. This looks for the
    group's header in the ``entry_points.txt`` files on ``sys.path`` first, and says yes whenever it
    cannot tell (an unreadable file, a zipped path entry), so that no plugin is ever missed.
    """
    import sys

    header = f"[{group}]"
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                names = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            if entry.endswith((".zip", ".egg", ".whl")):
                return True
            continue
        except OSError:
            continue
        for name in names:
            path = os.path.join(entry or ".", name, "entry_points.txt")
            try:
                with open(path, encoding="utf-8") as fh:
                    if header in fh.read():
                        return True
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True
    return False


def plugin_name(pm: pluggy.PluginManager, plugin) -> str:
    for name, dist in pm.list_plugin_distinfo():
        if name is plugin:
            return f"{dist.project_name} {dist.version}"
    name = pm.get_name(plugin) or ""
    if not name or name.isdigit():  # registered without a name: pluggy uses its id
        name = getattr(plugin, "__name__", None) or repr(plugin)
    return name


def collect_rules(pm: pluggy.PluginManager) -> dict[str, type[Rule]]:
    """All registered rules by code, in code order. Raises ``PluginError`` on a clash or bad class."""
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for impl in pm.hook.newslint_register_rules.get_hookimpls():
        owner = plugin_name(pm, impl.plugin)
        try:
            returned = impl.function() or []
        except Exception as exc:
            raise PluginError(f"plugin {owner} failed to register its rules: {type(exc).__name__}: {exc}") from exc
        for cls in returned:
            problems = validate_rule_class(cls)
            if problems:
                raise PluginError(f"plugin {owner}: " + "; ".join(problems))
            if cls.code in rules:
                raise PluginError(
                    f"plugin {owner}: rule code {cls.code} is already used by {rules[cls.code].plugin}"
                )
            if cls.name in names:
                raise PluginError(f"plugin {owner}: rule name {cls.name} is already used by {names[cls.name]}")
            cls.plugin = owner
            rules[cls.code] = cls
            names[cls.name] = cls.code
    return dict(sorted(rules.items()))


@functools.lru_cache(maxsize=1)
def builtin_rules() -> dict[str, type[Rule]]:
    """The built-in rules by code, without any third-party plugin (defaults for rules set up alone)."""
    return collect_rules(get_plugin_manager(autoload=False))


def collect_reporters(pm: pluggy.PluginManager) -> dict[str, type]:
    reporters: dict[str, type] = {}
    for result in pm.hook.newslint_register_reporters():
        reporters.update(result or {})
    return dict(sorted(reporters.items()))
