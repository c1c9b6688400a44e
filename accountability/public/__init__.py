"""public part of accountability."""
