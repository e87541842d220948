"""Item operations: raising, moving through the workflow, evidence, check
records, extensions, chasing, follow-up and deliverables, with the audit trail."""
