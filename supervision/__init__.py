"""Result pushes to supervising departments, reverse pushes, the liaison inbox, overdue."""
