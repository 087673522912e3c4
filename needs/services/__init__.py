"""The needs app's writes: keyword-only functions called by views, the demo, commands and tests alike
(`from needs import services`), each atomic and audited, refusing with a translated DomainError.

- intake.py: need_create, intake_session_create, need_submit (residents, from the board), need_review,
  need_photos_add
- workflow.py: need_triage, need_set_status, need_update_add, need_merge
- support.py: metoo_add, metoo_withdraw, pledge_create, delivery_record, coverage_mark, coverage_unmark
- retention.py: needs_contacts_erase (daily), needs_settings_update
- meetings.py, decisions.py, ballots.py: meetings with their agenda, attendance and minutes; decisions (open,
  tally, close, the daily closing); ballots and their voids (issue 15)
"""

from .ballots import ballot_cast, ballot_paper, ballot_void, ballot_void_confirm
from .decisions import (
    decision_close,
    decision_from_approval,
    decision_open,
    decision_tally,
    decisions_close_ended,
)
from .intake import intake_session_create, need_create, need_photos_add, need_review, need_submit
from .meetings import (
    agenda_item_add,
    agenda_item_drop,
    agenda_item_move,
    agenda_propose,
    attendance_record,
    attendance_remove,
    meeting_create,
    minutes_save,
)
from .retention import needs_contacts_erase, needs_settings_update, settings_for
from .support import coverage_mark, coverage_unmark, delivery_record, metoo_add, metoo_withdraw, pledge_create
from .workflow import need_merge, need_set_status, need_triage, need_update_add

__all__ = [
    "agenda_item_add",
    "agenda_item_drop",
    "agenda_item_move",
    "agenda_propose",
    "attendance_record",
    "attendance_remove",
    "ballot_cast",
    "ballot_paper",
    "ballot_void",
    "ballot_void_confirm",
    "decision_close",
    "decision_from_approval",
    "decision_open",
    "decision_tally",
    "decisions_close_ended",
    "meeting_create",
    "minutes_save",
    "coverage_mark",
    "coverage_unmark",
    "delivery_record",
    "intake_session_create",
    "metoo_add",
    "metoo_withdraw",
    "need_create",
    "need_merge",
    "need_photos_add",
    "need_review",
    "need_set_status",
    "need_submit",
    "need_triage",
    "need_update_add",
    "needs_contacts_erase",
    "needs_settings_update",
    "pledge_create",
    "settings_for",
]
