"""oversight part of accountability."""
