"""Business operations: each one checks the workflow rules, changes the data and writes
the audit trail in one transaction. Web pages, the API and the CLI call these."""
