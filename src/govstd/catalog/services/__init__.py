"""Writes for the standard system; one module per sub-domain."""
