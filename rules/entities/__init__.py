"""NL2xx: entity names spelled, named or capitalised two ways in one article."""

from .capitalisation import InconsistentCapitalisation
from .entity_spelling import EntitySpelling, one_edit_apart
from .non_standard_name import NonStandardName

RULES = [EntitySpelling, NonStandardName, InconsistentCapitalisation]

__all__ = ["RULES", "EntitySpelling", "NonStandardName", "InconsistentCapitalisation", "one_edit_apart"]
