"""Every hook newslint calls. Plugins implement them with ``@newslint.hookimpl``.

A plugin is any module or object with hook implementations, registered through the entry-point
group ``newslint`` (set ``NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1`` to skip entry points). The built-in
rules and reporters are registered exactly the same way.

newslint calls every hook through pluggy, so the markers pluggy documents work here too:
``@hookimpl(tryfirst=True)``, ``@hookimpl(trylast=True)`` and ``@hookimpl(wrapper=True)`` (a
generator that receives, with ``result = yield``, what the other implementations returned, and
returns it, changed or not). A hook that raises stops the run with one line naming its plugin.

Each docstring says when the hook is called, what each parameter is, and what the return value
means; a test fails when one of them is missing.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("newslint")
hookimpl = pluggy.HookimplMarker("newslint")


@hookspec
def newslint_register_rules():
    """Called once at start-up by every command (``check``, ``rules``, ``explain``), before any
    configuration is read, to collect the rules.

    Return a list of ``newslint.Rule`` subclasses (the classes, not instances). Each has a code of
    its plugin's own prefix (two to five capitals and three digits, such as ``HS001``; ``NL`` is
    reserved for newslint's rules) and a kebab-case name, both unique among all plugins; a clash,
    or a class that is not a valid rule, stops newslint with one line naming the plugins. A wrapper
    receives the list of every plugin's lists and returns such a list of lists.
    """


@hookspec
def newslint_register_reporters():
    """Called once at start-up by every command, before any configuration is read, to collect the
    output formats.

    Return a dict that maps a kebab-case format name (used as ``--format NAME``) to a
    ``newslint.reporters.Reporter`` subclass. A name that another plugin already registered stops
    newslint with one line naming both plugins. A wrapper receives the list of every plugin's dicts
    and returns such a list.
    """


@hookspec
def newslint_configure(settings):
    """Called once per ``check`` run, in the main process, after the configuration file and the
    command line have been read and before any file is checked.

    ``settings`` is the run's ``newslint.config.Settings``: read it, do not change it
    (``settings.options_for(code)`` gives any rule's options as configured, ``settings.root`` the
    configuration's folder). Use the hook to check plugin-wide setup early; raise
    ``newslint.config.ConfigError`` with a plain message to stop the run with that message. The
    return value is ignored. Worker processes do not call this hook, so a rule must not depend on
    state it sets: what a rule needs belongs on the rule, built in its ``__init__``.
    """
