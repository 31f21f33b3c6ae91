"""Intent engine: classify residents' short, colloquial messages into catalogue intents."""

from intents.catalogue import Catalogue, CatalogueError, Intent, load_catalogue
from intents.matcher import Alternative, Decision, IntentMatch, Matcher, decide

__all__ = [
    "Alternative",
    "Catalogue",
    "CatalogueError",
    "Decision",
    "Intent",
    "IntentMatch",
    "Matcher",
    "decide",
    "load_catalogue",
]
