"""Issue 14 part: liaisons — its services (the one way in for each state change)."""
