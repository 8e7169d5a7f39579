"""The redact stage."""
