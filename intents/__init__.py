"""Intent engine: classify residents' short, colloquial messages into catalogue intents."""

from intents.catalogue import Catalogue, CatalogueError, Intent, load_catalogue
from intents.dialogue import Dialogue, load_dialogue
from intents.matcher import Matcher
from intents.result import Act, Alternative, Decision, EmergencyKind, IntentMatch, decide

__all__ = [
    "Act",
    "Alternative",
    "Catalogue",
    "CatalogueError",
    "Decision",
    "Dialogue",
    "EmergencyKind",
    "Intent",
    "IntentMatch",
    "Matcher",
    "decide",
    "load_catalogue",
    "load_dialogue",
]
