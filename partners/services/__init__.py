"""Business operations of the partners app, by area; every public name is here (`from partners import services`).

- partners: the registry, consents, joining and leaving, personal links, merging;
- calls: recruitment calls and applications;
- teams: teams with dated memberships, assignments of building leaders and cadres;
- retention: what `manage.py daily` erases when its purpose has passed;
- volunteering: activities and rotas, their slots, sign-ups;
- hours: check-in, `hours_record` for other apps, confirmation, reversal.
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
from .hours import (
    WalkIn,
    checked_in,
    checkin_record,
    clean_hours,
    hours_confirm,
    hours_record,
    hours_reverse,
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
from .volunteering import (
    activity_create,
    activity_end,
    activity_update,
    rotas_extend,
    signup_cancel,
    signup_create,
    slots_generate,
)

__all__ = [
    "Consents",
    "WalkIn",
    "activity_create",
    "activity_end",
    "activity_update",
    "checked_in",
    "checkin_record",
    "clean_hours",
    "hours_confirm",
    "hours_record",
    "hours_reverse",
    "rotas_extend",
    "signup_cancel",
    "signup_create",
    "slots_generate",
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

from .records import record_corrections, service_record_issue  # noqa: E402 - the records' area, issue 13

__all__ += ["record_corrections", "service_record_issue"]
