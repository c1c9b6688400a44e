"""Issue 14 part: checks — its services (the one way in for each state change)."""
