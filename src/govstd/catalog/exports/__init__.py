"""Table 1, Table 2 and the whole standard system table as .xlsx, .csv, .docx and PDF (R-6-IO, R-6.2-1)."""
