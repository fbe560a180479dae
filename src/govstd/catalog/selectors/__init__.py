"""Reads for the standard system; one module per table or view of it."""
