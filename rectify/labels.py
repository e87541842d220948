"""Display names of the codes the rules use, translated at render time."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "committee": _l("Committee staff"),
    "leader": _l("Leader"),
    "department": _l("Department liaison"),
}

STATUS_LABELS = {
    "open": _l("Awaiting sign-for"),
    "in_progress": _l("In progress"),
    "submitted": _l("Awaiting verification"),
    "closed": _l("Closed"),
}

SOURCE_LABELS = {
    "questionnaire": _l("Questionnaire"),
    "deputy_evaluation": _l("Deputies' evaluation"),
    "enterprise_evaluation": _l("Enterprises' evaluation"),
    "symposium": _l("Symposium"),
    "case_file_review": _l("Case-file review"),
    "town_evaluation": _l("Towns' evaluation"),
    "self_check": _l("Self-check"),
}

PRIORITY_LABELS = {"high": _l("High"), "normal": _l("Normal"), "low": _l("Low")}

ACTION_LABELS = {
    "measure": _l("Measure"),
    "progress": _l("Progress"),
    "evidence": _l("Evidence"),
    "comment": _l("Comment"),
    "instruction": _l("Leader instruction"),
}

TRANSITION_LABELS = {
    "sign_for": _l("Sign for"),
    "submit": _l("Submit for verification"),
    "return_item": _l("Return"),
    "close": _l("Verify and close"),
    "reopen": _l("Reopen after re-check"),
}

EVENT_LABELS = {
    "created": _l("Raised"),
    "updated": _l("Changed"),
    "action_added": _l("Record added"),
    "extension_requested": _l("Extension requested"),
    "extension_approved": _l("Extension approved"),
    "extension_declined": _l("Extension declined"),
    "check_record_added": _l("Check record added"),
    "overdue": _l("Became overdue"),
    "chased": _l("Chased"),
    "recheck_scheduled": _l("Re-check scheduled"),
    "recheck_confirmed": _l("Re-check: rectification confirmed"),
    "recheck_reopened": _l("Re-check: problem found again"),
    "rating_recorded": _l("Deputies' ratings recorded"),
    **TRANSITION_LABELS,
}

UNIT_KIND_LABELS = {
    "department": _l("Government department"),
    "institution": _l("Public institution"),
    "town": _l("Town or district"),
    "station": _l("Station"),
}

FIELD_LABELS = {
    "code": _l("Code"),
    "lead_unit": _l("Lead unit"),
    "co_units": _l("Co-operating units"),
    "category": _l("Category"),
    "source": _l("Source"),
    "problem": _l("Problem"),
    "requirement": _l("Requirement"),
    "priority": _l("Priority"),
    "due_date": _l("Due date"),
    "responsible_leader": _l("Responsible leader"),
    "responsible_person": _l("Responsible person"),
    "check_type": _l("Check type"),
    "status": _l("Status"),
}

# Columns of the exported ledger that describe an item's progress rather than the problem;
# an import of a ledger reads past them.
LEDGER_ONLY_LABELS = {
    "measures": _l("Measures taken"),
    "status": _l("Status"),
    "closed_date": _l("Closed on"),
    "days_overdue": _l("Days overdue"),
    "check_state": _l("Plugin checks"),
    "chase_count": _l("Times chased"),
    "last_chased": _l("Last chased on"),
}

RECHECK_RESULT_LABELS = {
    "pending": _l("Scheduled"),
    "confirmed": _l("Confirmed"),
    "reopened": _l("Reopened"),
}

RATING_LABELS = {
    "satisfied": _l("Satisfied"),
    "basically_satisfied": _l("Basically satisfied"),
    "dissatisfied": _l("Dissatisfied"),
}

EXTENSION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
}

# What a to-do queue's row says beside its item (rectify.services.queues.Row.tag).
QUEUE_TAGS = {
    "returned_on": _l("Returned on"),
    "approved": _l("Approved, new due date"),
    "declined": _l("Declined"),
    "asks_until": _l("Asks for a due date of"),
    "recheck_on": _l("Re-check date"),
    "last_chased": _l("Last chased on"),
    "never_chased": _l("Never chased"),
    "open_items": _l("Items not closed:"),
}

UPLOAD_ERRORS = {
    "type": _l("File type not allowed"),
    "size": _l("File too large"),
    "empty": _l("File is empty"),
    "content": _l("File content does not match its type"),
}

WORKFLOW_ERRORS = {
    "forbidden": _l("You may not do this."),
    "wrong_status": _l("The item's status does not allow this."),
    "reason_required": _l("A reason is required."),
    "not_signed": _l("The lead unit must sign for the item first."),
    "pending_exists": _l("An extension request is already waiting for a decision."),
    "date_not_later": _l("The new date must be later than the current due date."),
    "empty": _l("The text is empty."),
    "unknown_transition": _l("Unknown action."),
    "unknown_kind": _l("Unknown kind of record."),
    "checks_failed": _l("The item's checks have not passed."),
    "no_check_type": _l("The item has no available check type."),
    "recheck_pending": _l("A re-check is already scheduled for this item."),
    "date_in_past": _l("The date cannot be in the past."),
    "unknown_result": _l("Unknown re-check result."),
    "bad_counts": _l("Counts cannot be negative."),
    "no_ratings": _l("Enter at least one rating."),
}

IMPORT_ERRORS = {
    "not_xlsx": _l("The file is not an Excel workbook (.xlsx)."),
    "too_large": _l("The file is larger than %(mb)s MB."),
    "too_large_unpacked": _l("The workbook unpacks to more than allowed; it may be damaged."),
    "too_many_rows": _l("More than %(max)s rows; split the list into several files."),
    "no_rows": _l("The sheet has no rows to import."),
    "unknown_column": _l("Unknown column header “%(value)s”; use the template."),
    "repeated_column": _l("This column appears twice."),
    "missing_column": _l("This column is missing; use the template."),
    "required": _l("Required."),
    "too_long": _l("Longer than %(max)s characters."),
    "unknown_lead_unit": _l("No unit named “%(value)s”."),
    "unknown_co_units": _l("No unit named “%(value)s”."),
    "unknown_category": _l("No category named “%(value)s”."),
    "unknown_source": _l("No source named “%(value)s”."),
    "unknown_priority": _l("No priority named “%(value)s”."),
    "unknown_check_type": _l("No check type named “%(value)s”."),
    "bad_date": _l("“%(value)s” is not a date (use an Excel date or 2026-12-31)."),
    "past_date": _l("The due date %(value)s is in the past."),
    "duplicate_code_in_file": _l("Code %(value)s is also used in row %(other)s."),
    "code_taken": _l("Code %(value)s already belongs to another item."),
}
