"""reports part of accountability."""
