"""statistics part of accountability."""
