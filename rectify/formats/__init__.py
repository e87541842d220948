"""File formats written by hand where no library fits: a streamed one-sheet .xlsx and the
formal layout of Word documents (公文格式)."""
