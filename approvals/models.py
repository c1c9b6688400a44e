"""Applications, decisions and permits."""
