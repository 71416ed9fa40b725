"""Build the plugin manager: the built-in plugins, then third parties from entry points.

Every hook is called through pluggy (``pm.hook.NAME(...)``), so wrappers (``@hookimpl(wrapper=True)``),
``tryfirst`` and ``trylast`` work as pluggy documents them. What pluggy does not say is *which*
plugin broke a call or returned a rule; this module works that out (``call_hook``, ``owner_of``)
so that every error names the plugin to blame.
"""

from __future__ import annotations

import functools
import os
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .rule import Rule, is_reserved, validate_rule_class, NAME_RE

PROJECT = "newslint"
ENTRY_POINT_GROUP = "newslint"
AUTOLOAD_ENV = "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"

#: modules registered as plugins before any third party, in this order
BUILTIN_PLUGINS = (
    "newslint.core_rules",
    "newslint.rules",
    "newslint.reporters",
)
#: the built-in rules, which live in the source tree's rules/ folder and exist as a module only once
#: newslint is installed
BUILTIN_RULES_MODULE = "newslint.rules"


class PluginError(Exception):
    """A plugin is broken: it cannot be imported, misspells a hook, or returns bad rules."""


def autoload_enabled() -> bool:
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in ("1", "true", "yes", "on")


def get_plugin_manager(extra_plugins=(), autoload: bool | None = None,
                       time_limit: float | None = None) -> pluggy.PluginManager:
    """The plugin manager. ``time_limit``: the seconds a plugin may take to import and to answer each
    hook (``--rule-timeout``; the default one when not given), so that a plugin that hangs is named
    instead of hanging the run."""
    from .engine.limits import DEFAULT_RULE_TIMEOUT, is_fault, time_limit as limited

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.newslint_time_limit = DEFAULT_RULE_TIMEOUT if time_limit is None else time_limit
    for name in BUILTIN_PLUGINS:
        pm.register(_import_builtin(name), name=name)
    if (autoload if autoload is not None else autoload_enabled()) and _may_have_entry_points():
        try:
            with limited(pm.newslint_time_limit):
                pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except BaseException as exc:  # a third-party plugin that fails to import, hangs or calls sys.exit
            if not is_fault(exc):
                raise
            raise PluginError(_load_failure(exc)) from exc
    for plugin in extra_plugins:
        pm.register(plugin)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(_unknown_hooks(pm, exc.plugin)) from exc
    return pm


def _import_builtin(name: str) -> ModuleType:
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if name != BUILTIN_RULES_MODULE or exc.name != BUILTIN_RULES_MODULE:
            raise
        # a source tree that was never installed: rules/ becomes newslint.rules only when installed
        raise PluginError("newslint is not installed, so its built-in rules (the rules/ folder, installed as "
                          "newslint.rules) cannot be found: run `pip install -e .` in the source folder "
                          "first") from None


def _load_failure(exc: BaseException) -> str:
    """Name the entry point that fails to load (pluggy's error does not say which one): the one
    whose module is on the traceback, else the first that fails to load again (never for a plugin
    that hung or called ``sys.exit``: loading it again would do the same)."""
    import importlib.metadata

    from .engine.limits import TimedOut

    culprit = _entry_point_on(exc)
    if not culprit and isinstance(exc, Exception):
        culprit, exc = _first_failing_entry_point(exc)
    if isinstance(exc, TimedOut):
        what = f"its import did not finish: {exc}"
    elif isinstance(exc, SystemExit):
        what = f"it called sys.exit({exc.code!r}) while being imported"
    else:
        what = f"{type(exc).__name__}: {exc}"
    return (f"the plugin{culprit} could not be loaded: {what}; "
            f"update or uninstall it, or set {AUTOLOAD_ENV}=1 to run without plugins")


def _entry_point_on(exc: BaseException) -> str:
    """`` NAME (from DIST VERSION)`` of the entry point whose module is on ``exc``'s traceback."""
    import importlib.metadata

    modules = []
    tb = exc.__traceback__
    while tb is not None:
        modules.append(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP:
                continue
            module = ep.value.partition(":")[0].strip()
            if any(m == module or m.startswith(module + ".") for m in modules):
                return f" {ep.name} (from {dist.metadata['name']} {dist.version})"
    return ""


def _first_failing_entry_point(exc: Exception) -> tuple[str, BaseException]:
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
    return culprit, exc


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
    """How messages name ``plugin``: its distribution and version when it was installed, else its name."""
    for name, dist in pm.list_plugin_distinfo():
        if name is plugin:
            return f"{dist.project_name} {dist.version}"
    name = pm.get_name(plugin) or ""
    if not name or name.isdigit():  # registered without a name: pluggy uses its id
        name = getattr(plugin, "__name__", None) or repr(plugin)
    return name


def is_builtin(pm: pluggy.PluginManager, plugin) -> bool:
    return pm.get_name(plugin) in BUILTIN_PLUGINS


# --- calling hooks, and knowing whom to blame -------------------------------------------------------

def call_hook(pm: pluggy.PluginManager, hook: str, failure: str, *, limit: float | None = None,
              **kwargs: Any) -> list:
    """``pm.hook.<hook>(**kwargs)``; a plugin that raises becomes one ``PluginError`` naming it.

    ``failure`` says what the plugin failed to do ("failed to register its rules"). A
    ``ConfigError`` a plugin raises is its plain word about the configuration and passes unchanged.
    The call is bounded by ``limit`` seconds (the manager's time limit when not given); a plugin
    that runs past it, or calls ``sys.exit``, is a ``PluginError`` too.
    """
    from .config import ConfigError
    from .engine.limits import TimedOut, is_fault, time_limit

    caller = getattr(pm.hook, hook)
    try:
        with time_limit(getattr(pm, "newslint_time_limit", None) if limit is None else limit):
            return caller(**kwargs)
    except ConfigError:
        raise
    except BaseException as exc:
        if not is_fault(exc):
            raise
        culprit = _raising_plugin(caller.get_hookimpls(), exc)
        who = plugin_name(pm, culprit) if culprit is not None else "a plugin"
        what = str(exc) if isinstance(exc, TimedOut) else f"{type(exc).__name__}: {exc}"
        raise PluginError(f"plugin {who} {failure}: {what}") from exc


def _raising_plugin(impls, exc: BaseException):
    """The plugin whose hook implementation ``exc`` came out of, from the traceback (pluggy does not say).

    The innermost frame that runs one of the hook's implementations (or, for a wrapper, its
    generator) is the one that raised or let the error through; ``None`` when none is on the
    traceback (an error raised by pluggy itself).
    """
    codes = {}
    for impl in impls:
        code = getattr(impl.function, "__code__", None)
        if code is not None:
            codes[code] = impl.plugin
    culprit = None
    tb = exc.__traceback__
    while tb is not None:
        culprit = codes.get(tb.tb_frame.f_code, culprit)
        tb = tb.tb_next
    return culprit


def _module_of(plugin) -> str:
    return plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__module__


def owner_of(pm: pluggy.PluginManager, obj: type, hook: str):
    """The registered plugin that ``obj`` (a rule or reporter class) comes from.

    Results pass through every wrapper of the hook, so which implementation returned a class is
    not known; the class's own module is. The owner is the plugin whose module defines the class
    (or is a package above it), else the one plugin of its top-level package, else the hook's only
    implementation outside newslint. ``None`` when none of these tells.
    """
    module = getattr(obj, "__module__", "") or ""
    plugins = [p for p in pm.get_plugins() if p is not None]
    enclosing = [p for p in plugins if module == _module_of(p) or module.startswith(_module_of(p) + ".")]
    if enclosing:
        return max(enclosing, key=lambda p: len(_module_of(p)))
    top = module.partition(".")[0]
    same_package = [p for p in plugins if _module_of(p).partition(".")[0] == top]
    if len(same_package) == 1:
        return same_package[0]
    outside = {impl.plugin for impl in getattr(pm.hook, hook).get_hookimpls()
               if not is_builtin(pm, impl.plugin) and not impl.wrapper and not impl.hookwrapper}
    return outside.pop() if len(outside) == 1 else None


def _owner_name(pm: pluggy.PluginManager, obj: type, hook: str) -> tuple[str, bool]:
    """How messages name the plugin of ``obj``, and whether that plugin is built in."""
    owner = owner_of(pm, obj, hook)
    if owner is None:
        return f"the plugin that defines {getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', obj)}", False
    return plugin_name(pm, owner), is_builtin(pm, owner)


# --- what the plugins register -----------------------------------------------------------------------

def collect_rules(pm: pluggy.PluginManager) -> dict[str, type[Rule]]:
    """All registered rules by code, in code order. Raises ``PluginError`` on a clash or bad class."""
    results = call_hook(pm, "newslint_register_rules", "failed to register its rules")
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for returned in results:
        if not isinstance(returned, (list, tuple)):
            raise PluginError(f"a plugin's newslint_register_rules returned {_shown(returned)}; "
                              "expected a list of newslint.Rule subclasses")
        for cls in returned:
            owner, builtin = _owner_name(pm, cls, "newslint_register_rules")
            problems = validate_rule_class(cls)
            if problems:
                raise PluginError(f"plugin {owner}: " + "; ".join(problems))
            if rules.get(cls.code) is cls:  # the same class twice (a wrapper that adds it again)
                continue
            if is_reserved(cls.code) and not builtin:
                raise PluginError(f"plugin {owner}: rule code {cls.code} ({cls.__name__}) uses the prefix NL, which "
                                  "is reserved for newslint's own rules; give the plugin a prefix of its own "
                                  "(two to five capitals, such as HS001)")
            if cls.code in rules:
                raise PluginError(f"rule code {cls.code} is registered twice: by {rules[cls.code].plugin} "
                                  f"({rules[cls.code].__name__}) and by {owner} ({cls.__name__}); "
                                  f"uninstall one of them, or set {AUTOLOAD_ENV}=1 to run without plugins")
            if cls.name in names:
                other = rules[names[cls.name]]
                raise PluginError(f"rule name {cls.name} is registered twice: by {other.plugin} ({other.code}) and "
                                  f"by {owner} ({cls.code}); uninstall one of them, or set {AUTOLOAD_ENV}=1")
            cls.plugin = owner
            rules[cls.code] = cls
            names[cls.name] = cls.code
    return dict(sorted(rules.items()))


@functools.lru_cache(maxsize=1)
def builtin_rules() -> dict[str, type[Rule]]:
    """The built-in rules by code, without any third-party plugin (defaults for rules set up alone)."""
    return collect_rules(get_plugin_manager(autoload=False))


def collect_reporters(pm: pluggy.PluginManager) -> dict[str, type]:
    """All registered output formats by name. Raises ``PluginError`` on a clash or a bad format."""
    from .reporters.base import Reporter

    results = call_hook(pm, "newslint_register_reporters", "failed to register its output formats")
    reporters: dict[str, type] = {}
    owners: dict[str, str] = {}
    for returned in results:
        if not isinstance(returned, dict):
            raise PluginError(f"a plugin's newslint_register_reporters returned {_shown(returned)}; "
                              "expected a dict of format name to newslint.reporters.Reporter subclass")
        for name, cls in returned.items():
            owner, _ = _owner_name(pm, cls, "newslint_register_reporters")
            if not (isinstance(cls, type) and issubclass(cls, Reporter)):
                raise PluginError(f"plugin {owner}: format {name!r} is {_shown(cls)}, "
                                  "not a newslint.reporters.Reporter subclass")
            if not isinstance(name, str) or not NAME_RE.match(name):
                raise PluginError(f"plugin {owner}: format name {name!r} must be kebab-case (house-report)")
            if reporters.get(name) is cls:
                continue
            if name in reporters:
                raise PluginError(f"format {name} is registered twice: by {owners[name]} ({reporters[name].__name__}) "
                                  f"and by {owner} ({cls.__name__}); uninstall one of them, or set "
                                  f"{AUTOLOAD_ENV}=1 to run without plugins")
            reporters[name] = cls
            owners[name] = owner
    return dict(sorted(reporters.items()))


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "\u2026"
