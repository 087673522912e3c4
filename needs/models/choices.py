"""The words of the needs list (GLOSSARY.md): categories, channels, quadrants, states, who raised a need."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SAFETY = "safety", _("safety")
    ENVIRONMENT = "environment", _("environment")
    FACILITIES = "facilities", _("facilities")
    PARKING = "parking", _("parking")
    ELDERLY = "elderly", _("elderly")
    CHILDREN = "children", _("children")
    CULTURE = "culture", _("culture")
    OTHER = "other", pgettext_lazy("need category", "other")


class Channel(models.TextChoices):
    DOORSTEP = "doorstep", _("doorstep visit")
    BENCH = "bench", _("bench meeting")
    COPLANNING = "coplanning", _("co-planning meeting")
    WECHAT = "wechat", _("WeChat group")
    ONLINE = "online", _("online form")
    PHONE = "phone", _("phone")
    WALK_IN = "walk_in", _("walk-in")


class Quadrant(models.TextChoices):
    """Urgency × importance (轻重缓急)."""

    ACT_NOW = "act_now", _("act now")  # urgent, important
    QUICK_WIN = "quick_win", _("quick win")  # urgent, not important
    SCHEDULE = "schedule", _("schedule")  # not urgent, important
    WATCH = "watch", _("watch")  # neither

    @classmethod
    def of(cls, *, urgent: bool, important: bool) -> "Quadrant":
        if urgent:
            return cls.ACT_NOW if important else cls.QUICK_WIN
        return cls.SCHEDULE if important else cls.WATCH


class State(models.TextChoices):
    COLLECTED = "collected", pgettext_lazy("need state", "collected")
    DELIBERATION = "deliberation", pgettext_lazy("need state", "under deliberation")
    PLANNED = "planned", pgettext_lazy("need state", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("need state", "in progress")
    DONE = "done", pgettext_lazy("need state", "done")
    DECLINED = "declined", pgettext_lazy("need state", "declined")
    MERGED = "merged", pgettext_lazy("need state", "merged")


OPEN_STATES = (State.COLLECTED, State.DELIBERATION, State.PLANNED, State.IN_PROGRESS)
CLOSED_STATES = (State.DONE, State.DECLINED, State.MERGED)

# The moves the workflow allows (need_set_status adds the conditions: a plan, a result, a reason).
MOVES: dict[str, tuple[str, ...]] = {
    State.COLLECTED: (State.DELIBERATION, State.IN_PROGRESS, State.DECLINED),  # in progress: no cost only
    State.DELIBERATION: (State.PLANNED, State.DECLINED, State.COLLECTED),
    State.PLANNED: (State.IN_PROGRESS, State.DECLINED, State.DELIBERATION),
    State.IN_PROGRESS: (State.DONE, State.PLANNED, State.DECLINED),
    State.DONE: (State.IN_PROGRESS,),  # reopening, with a reason
    State.DECLINED: (State.COLLECTED,),  # reopening, with a reason
    State.MERGED: (),
}


class Review(models.TextChoices):
    """A need residents sent waits for staff before it is public; staff-entered needs are public at once."""

    PENDING = "pending", _("waiting for review")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("not published")


class RaisedBy(models.TextChoices):
    HOUSEHOLD = "household", _("a household")
    PARTNER = "partner", _("a partner")
    ANONYMOUS = "anonymous", _("anonymous")
    RESIDENT = "resident", _("a resident, from the board")


class SupportKind(models.TextChoices):
    """What a partner pledges and delivers."""

    MONEY = "money", _("money")
    MATERIALS = "materials", _("materials")
    LABOUR = "labour", _("labour")
    SPACE = "space", _("a space")
