"""Files written by a tool, not by hand: see README.md here for the command that rewrites each."""
