"""The models of the needs app: the list (need.py) and the support a need gets (support.py)."""

from .choices import (
    CLOSED_STATES,
    MOVES,
    OPEN_STATES,
    Category,
    Channel,
    Quadrant,
    RaisedBy,
    Review,
    State,
    SupportKind,
)
from .need import IntakeSession, Need, NeedPhoto, NeedsSettings, NeedUpdate
from .support import CoverageMark, Delivery, MeToo, Pledge

__all__ = [
    "CLOSED_STATES",
    "MOVES",
    "OPEN_STATES",
    "Category",
    "Channel",
    "CoverageMark",
    "Delivery",
    "IntakeSession",
    "MeToo",
    "Need",
    "NeedPhoto",
    "NeedUpdate",
    "NeedsSettings",
    "Pledge",
    "Quadrant",
    "RaisedBy",
    "Review",
    "State",
    "SupportKind",
]
