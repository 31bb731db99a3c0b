"""The record every stage adds to: one quote or reported statement of the article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .coref import Resolution
    from .cues import Cue
    from .outlets import OutletMention


@dataclass
class Attribution:
    """One quote as the stages build it: found (quotes, cues), given its speaker's mention
    (speakers), the entity it denotes (coref) and its outlets (outlets); `result.py` turns
    it into JSON."""

    type: str
    start: int
    end: int
    cue: Cue | None
    mention: Span | None
    speaker: Resolution | None
    outlets: list[OutletMention] = field(default_factory=list)
    # the document that reports this statement when it nests in its report ("Avalos told
    # investigators that …, search warrant documents say"): the statement's outlet
    reported_in: Token | None = None
    # a statement another speaker relays, inside their clause ("she said he had said he was
    # fine": his): it does not take the floor from the one who relays it
    relayed: bool = False
    confidence: float = 0.5
    id: str = ""
