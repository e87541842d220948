"""Documents in and out: the Word letters and reports, the Excel ledger and
league table, the problem-list template and its import."""
