"""Issue 14 part: feedback — its services (the one way in for each state change)."""
