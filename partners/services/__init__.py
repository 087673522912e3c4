"""Business operations of the partners app, by area; every public name is here (`from partners import services`).

- partners: the registry, consents, joining and leaving, personal links, merging;
- calls: recruitment calls and applications;
- teams: teams with dated memberships, assignments of building leaders and cadres;
- retention: what `manage.py daily` erases when its purpose has passed.
"""

from .calls import (
    application_accept,
    application_answer,
    application_ask,
    application_by_link,
    application_decline,
    application_submit,
    application_withdraw,
    call_close,
    call_create,
    call_is_open,
)
from .partners import (
    Consents,
    consent_record,
    current_change,
    partner_by_link,
    partner_create,
    partner_link_issue,
    partner_merge,
    partner_status_record,
    partner_update,
    partners_settings_update,
)
from .retention import applications_erase_expired, partners_erase_left
from .teams import assignment_create, assignment_end, team_create, team_member_add, team_member_leave

__all__ = [
    "Consents",
    "application_accept",
    "application_answer",
    "application_ask",
    "application_by_link",
    "application_decline",
    "application_submit",
    "application_withdraw",
    "applications_erase_expired",
    "assignment_create",
    "assignment_end",
    "call_close",
    "call_create",
    "call_is_open",
    "consent_record",
    "current_change",
    "partner_by_link",
    "partner_create",
    "partner_link_issue",
    "partner_merge",
    "partner_status_record",
    "partner_update",
    "partners_erase_left",
    "partners_settings_update",
    "team_create",
    "team_member_add",
    "team_member_leave",
]
