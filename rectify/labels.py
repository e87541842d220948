"""Display names of the codes the rules use, translated at render time."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "committee": _l("Committee staff"),
    "leader": _l("Leader"),
    "department": _l("Department liaison"),
}

LIGHT_LABELS = {
    "green": _l("Green light: on track"),
    "yellow": _l("Yellow light: deadline near"),
    "red": _l("Red light: overdue"),
    "severe": _l("Dark red light: severely overdue"),
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
    "extension_withdrawn": _l("Extension request withdrawn"),
    "check_record_added": _l("Check record added"),
    "check_record_corrected": _l("Check record corrected"),
    "check_record_withdrawn": _l("Check record withdrawn"),
    "counted_units_changed": _l("Changed whose check records count"),
    "overdue": _l("Became overdue"),
    "chased": _l("Chased"),
    "recheck_scheduled": _l("Re-check scheduled"),
    "recheck_confirmed": _l("Re-check: rectification confirmed"),
    "recheck_reopened": _l("Re-check: problem found again"),
    "rating_recorded": _l("Deputies' ratings recorded"),
    "deliverable_requested": _l("Document requested"),
    "deliverable_submitted": _l("Document submitted"),
    "deliverable_accepted": _l("Document accepted"),
    "deliverable_returned": _l("Document returned"),
    "deliverable_chased": _l("Chased"),
    **TRANSITION_LABELS,
}

STAGE_LABELS = {
    "self_check": _l("Self-check"),
    "evaluation": _l("Evaluation"),
    "inspection": _l("Inspection"),
    "rectification": _l("Feedback and rectification"),
}

CAMPAIGN_EVENT_LABELS = {
    "campaign_created": _l("Campaign created"),
    "campaign_changed": _l("Campaign changed"),
    "campaign_started_from": _l("Started from an earlier campaign"),
    "stage_advanced": _l("Moved to the next stage"),
    "campaign_archived": _l("Campaign archived"),
    "group_created": _l("Inspection group created"),
    "group_changed": _l("Inspection group changed"),
    "evaluation_created": _l("Evaluation created"),
    "evaluation_changed": _l("Evaluation design changed"),
    "evaluation_collection_started": _l("Evaluation collection started"),
    "evaluation_collection_closed": _l("Evaluation collection closed"),
    "rater_codes_issued": _l("Rater codes issued"),
    "paper_sheets_imported": _l("Paper sheets imported"),
}

EVALUATION_STATUS_LABELS = {
    "design": _l("In design"),
    "collecting": _l("Collecting sheets"),
    "closed": _l("Collection closed"),
}

SHEET_FORM_LABELS = {
    "indicators": _l("Indicators with points"),
    "grades": _l("Grades (satisfied / basically satisfied / dissatisfied)"),
}

GRADE_LABELS = {
    "satisfied": _l("Satisfied"),
    "basically_satisfied": _l("Basically satisfied"),
    "dissatisfied": _l("Dissatisfied"),
}

QUESTION_KIND_LABELS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "units": _l("Which units (the options are the units)"),
    "text": _l("Free text"),
}

EVALUATION_ERRORS = {
    "design_frozen": _l("Collection has started: the design can no longer be changed."),
    "weight_out_of_range": _l("A weight is a percentage from 0 to 100."),
    "weights_not_full": _l("The rater groups' weights add up to %(total)s%%; they must add up "
                           "to 100%%."),
    "weights_incomplete": _l("Give every rater group its weight."),
    "grade_points_order": _l("满意 must carry more points than 基本满意, and 基本满意 more than "
                             "不满意 (none below 0)."),
    "question_kind": _l("Choose the kind of question."),
    "question_options": _l("A choice question needs at least two options, one per line."),
    "question_no_options": _l("Only choice questions have options; leave them empty."),
    "no_groups": _l("Add at least one rater group first."),
    "group_without_units": _l("The rater group %(group)s rates no unit yet."),
    "no_indicators": _l("The scoring sheet needs at least one indicator."),
    "not_collecting": _l("The evaluation is not collecting sheets."),
    "evaluation_exists": _l("The campaign already has an evaluation."),
    "sheet_form": _l("Choose the form of the scoring sheet."),
    "group_name_taken": _l("The evaluation already has a rater group of this name."),
    "unit_not_evaluated": _l("A rater group rates only units the campaign evaluates."),
    "max_points_out_of_range": _l("An indicator's maximum is from 1 to 100 points."),
    "indicator_name_taken": _l("The sheet already has an indicator of this name."),
    "evaluation_closed": _l("Collection is closed: no more codes can be issued."),
    "batch_size": _l("Issue from 1 to %(max)s codes at a time."),
}

# Why a rater's code opens nothing, or what keeps a sheet from being submitted.
RATER_MESSAGES = {
    "unknown": _l("This code is not valid. Check it and type it again."),
    "used": _l("This code has already been used: each code submits one sheet."),
    "closed": _l("This evaluation is not collecting sheets now."),
    "unit_unscored": _l("Score every indicator."),
    "points_out_of_range": _l("Points must be whole numbers from 0 to each indicator's "
                              "maximum."),
    "grade_invalid": _l("Choose one grade."),
    "unit_not_rated_by_group": _l("This unit is not on your sheet."),
    "question_unanswered": _l("Answer this question."),
    "answer_invalid": _l("This answer is not one of the options."),
}

CAMPAIGN_ERRORS = {
    "title_taken": _l("Another campaign has this title."),
    "prefix_taken": _l("Another campaign uses this code prefix."),
    "group_name_taken": _l("The campaign already has a group of this name."),
    "member_not_committee": _l("Group members must be committee staff."),
    "unit_not_evaluated": _l("A group covers only units the campaign evaluates."),
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
    "verification_opinion": _l("Verification opinion"),
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
    "withdrawn": _l("Withdrawn (item closed)"),
}

DELIVERABLE_KIND_LABELS = {
    "self_check_report": _l("Self-check report"),
    "rectification_plan": _l("Rectification plan"),
    "rectification_report": _l("Rectification report"),
}

DELIVERABLE_STATUS_LABELS = {
    "requested": _l("Requested"),
    "submitted": _l("Awaiting review"),
    "accepted": _l("Accepted"),
    "returned": _l("Returned"),
}

# What a to-do queue's row says beside its item (rectify.services.reads.queues.Row.tag).
QUEUE_TAGS = {
    "returned_on": _l("Returned on"),
    "approved": _l("Approved, new due date"),
    "declined": _l("Declined"),
    "asks_until": _l("Asks for a due date of"),
    "recheck_on": _l("Re-check date"),
    "last_chased": _l("Last chased on"),
    "never_chased": _l("Never chased"),
    "open_items": _l("Items not closed:"),
    "due_on": _l("Due on"),
    "submitted_on": _l("Submitted on"),
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
    "new_due_required": _l("Give the new due date or the working days."),
    "date_and_working_days": _l("Give the due date or the working days, not both."),
    "working_days_range": _l("Give 1 to 2500 working days."),
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
    "campaign_archived": _l("The campaign is archived: it and its items are read-only."),
    "stage_closed": _l("Items can be raised only in the inspection and rectification stages."),
    "last_stage": _l("The campaign is already in its last stage."),
    "stage_dates_missing": _l("Every stage needs a start and an end date."),
    "stage_ends_before_start": _l("A stage cannot end before it starts."),
    "stages_out_of_order": _l("Each stage must start on or after the day the previous one ends."),
    "opinion_required": _l("A verification opinion is required to close the item."),
    "due_date_required": _l("A new due date is required to reopen the item."),
    "item_closed": _l("The item is closed: no extension decision applies to it any more."),
    "check_type_not_for_unit": _l("This check type is not for the item's lead unit."),
    "record_withdrawn": _l("This check record was withdrawn and can no longer be changed."),
    "not_a_co_unit": _l("Only co-operating units' records can be left out."),
    "wrong_document_status": _l("The document's status does not allow this."),
    "no_file": _l("Attach the document."),
}

# Why the item validation (rectify.services.tracking.item_fields) refuses a field, shown at the
# field on the web form and, unless IMPORT_ERRORS words it otherwise, in the import.
ITEM_FIELD_ERRORS = {
    "unknown_id": _l("No such record; choose one from the list."),
    "inactive_unit": _l("The unit %(value)s is no longer active."),
    "inactive_category": _l("The category “%(value)s” is no longer in use."),
    "unknown_check_type": _l("No enabled plugin declares this check type."),
    "check_type_not_for_unit": _l("This check type is not for the item's lead unit."),
    "in_past": _l("The due date cannot be in the past."),
    "before_raised": _l("The due date %(value)s is before the item was raised."),
    "too_far": _l("The due date %(value)s is too far ahead; check the year."),
    "date_and_working_days": _l("Give the due date or the working days, not both."),
    "working_days_range": _l("Give 1 to 2500 working days."),
    "unknown_choice": _l("Choose one from the list."),
    "required": _l("Required."),
    "too_long": _l("Longer than %(value)s characters."),
    "control_characters": _l("Control characters are not allowed."),
    "not_single_line": _l("Line breaks and text-direction characters are not allowed here."),
}

IMPORT_ERRORS = {
    **ITEM_FIELD_ERRORS,
    "not_xlsx": _l("The file is not an Excel workbook (.xlsx)."),
    "too_large": _l("The file is larger than %(mb)s MB."),
    "too_large_unpacked": _l("The workbook unpacks to more than allowed; it may be damaged."),
    "too_many_rows": _l("More than %(max)s rows; split the list into several files."),
    "too_many_cells": _l("The sheet has more than %(max)s cells to read (empty rows count too); "
                         "delete the empty rows or split the list."),
    "too_slow": _l("Reading the file took longer than %(seconds)s seconds; split the list "
                   "into several files."),
    "no_rows": _l("The sheet has no rows to import."),
    "unknown_column": _l("Unknown column header “%(value)s”; use the template."),
    "repeated_column": _l("This column appears twice."),
    "missing_column": _l("This column is missing; use the template."),
    "unknown_lead_unit": _l("No unit named “%(value)s”."),
    "unknown_co_units": _l("No unit named “%(value)s”."),
    "unknown_category": _l("No category named “%(value)s”."),
    "unknown_source": _l("No source named “%(value)s”."),
    "unknown_priority": _l("No priority named “%(value)s”."),
    "unknown_check_type": _l("No check type named “%(value)s”."),
    "check_type_not_for_unit": _l("The check type “%(value)s” is not for this lead unit."),
    "bad_date": _l("“%(value)s” is not a date (use an Excel date or 2026-12-31)."),
    "in_past": _l("The due date %(value)s is in the past."),
    "duplicate_code_in_file": _l("Code %(value)s is also used in row %(other)s."),
    "code_taken": _l("Code %(value)s already belongs to another item."),
}

# Why a file of paper scoring sheets cannot be imported: the problem-list import's file
# and column problems, and the score cells' own.
PAPER_IMPORT_ERRORS = {
    **IMPORT_ERRORS,
    "bad_sheet_number": _l("“%(value)s” is not a sheet number (a whole number from 1 to "
                           "%(max)s)."),
    "duplicate_sheet_number": _l("Sheet number %(value)s is also used in row %(other)s."),
    "points_out_of_range": _l("“%(value)s” is not whole points from 0 to %(max)s."),
    "unknown_grade": _l("“%(value)s” is not a grade; choose one from the drop-down list."),
}
