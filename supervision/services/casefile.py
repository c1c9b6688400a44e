"""Issue 14 part: casefile — its services (the one way in for each state change)."""
