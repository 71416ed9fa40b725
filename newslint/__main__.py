"""``python -m newslint``: the command line."""

from .cli import entry

# worker processes started with ``spawn`` import this module again (as ``__mp_main__``): only the
# process that was started as ``python -m newslint`` runs the command
if __name__ == "__main__":
    entry()
