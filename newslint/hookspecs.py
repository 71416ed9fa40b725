"""Every hook newslint calls. Plugins implement them with ``@newslint.hookimpl``.

A plugin is any module or object with hook implementations, registered through the entry-point
group ``newslint`` (set ``NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1`` to skip entry points). The built-in
rules and reporters are registered exactly the same way.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("newslint")
hookimpl = pluggy.HookimplMarker("newslint")


@hookspec
def newslint_register_rules():
    """Called once when the plugin manager is built, to collect rules.

    Return a list of ``newslint.Rule`` subclasses (classes, not instances). Each must have a unique
    code (``NL`` + three digits) and a unique kebab-case name. A plugin that returns a code another
    plugin already registered is reported as a configuration error.
    """


@hookspec
def newslint_register_reporters():
    """Called once when the plugin manager is built, to collect output formats.

    Return a dict mapping a format name (used with ``--format NAME``) to a
    ``newslint.reporters.Reporter`` subclass.
    """


@hookspec
def newslint_configure(settings):
    """Called once per run, after configuration has been read and before any file is checked.

    ``settings`` is the ``newslint.config.Settings`` of the run (read it, do not change it). Use it to
    prepare plugin-wide state such as loading data files. The return value is ignored.
    """
