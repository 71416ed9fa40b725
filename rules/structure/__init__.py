"""NL3xx: paragraphs that do not belong to the story (orphans, boilerplate)."""

from .boilerplate import Boilerplate
from .orphan_paragraph import OrphanParagraph, find_orphans

RULES = [OrphanParagraph, Boilerplate]

__all__ = ["RULES", "OrphanParagraph", "Boilerplate", "find_orphans"]
