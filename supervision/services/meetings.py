"""Issue 14 part: meetings — its services (the one way in for each state change)."""
