"""Issue 14 part: correspondence — its services (the one way in for each state change)."""
