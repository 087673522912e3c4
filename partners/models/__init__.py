"""The partners app's models, by area (one module each, every name re-exported here):

- registry: partners (people and organisations), their consents and joinings/leavings, recruitment calls and
  applications, teams with dated memberships, assignments of building leaders and cadres;
- volunteering: activities and rotas, slots, sign-ups, hours entries with their confirmations and reversals,
  volunteer service records.

Append-only in the database: `Consent`, `PartnerStatus` (migration 0002) and the tables of
APPEND_ONLY_MODELS below (migration 0003).
"""

from .registry import (
    CADRE_KINDS,
    Application,
    Assignment,
    Consent,
    Kind,
    Offer,
    OffersMixin,
    Partner,
    PartnersSettings,
    PartnerStatus,
    RecruitmentCall,
    Team,
    TeamMembership,
)
from .volunteering import (
    HOURS,
    MAX_HOURS_A_DAY,
    SERVICE_RECORD_COUNTER,
    VOLUNTEERING_APPEND_ONLY,
    WEEKDAY_CHOICES,
    WEEKDAYS,
    Activity,
    HoursConfirmation,
    HoursEntry,
    HoursReversal,
    HoursWaiting,
    ServiceRecord,
    SignUp,
    Slot,
    new_check_token,
)

APPEND_ONLY_MODELS = (Consent, PartnerStatus, *VOLUNTEERING_APPEND_ONLY)

__all__ = [
    "APPEND_ONLY_MODELS",
    "CADRE_KINDS",
    "HOURS",
    "MAX_HOURS_A_DAY",
    "SERVICE_RECORD_COUNTER",
    "WEEKDAYS",
    "WEEKDAY_CHOICES",
    "Activity",
    "Application",
    "Assignment",
    "Consent",
    "HoursConfirmation",
    "HoursEntry",
    "HoursReversal",
    "HoursWaiting",
    "Kind",
    "Offer",
    "OffersMixin",
    "Partner",
    "PartnerStatus",
    "PartnersSettings",
    "RecruitmentCall",
    "ServiceRecord",
    "SignUp",
    "Slot",
    "Team",
    "TeamMembership",
    "new_check_token",
]
