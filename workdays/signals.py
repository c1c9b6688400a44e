"""Signals of the working-day calendar."""

import django.dispatch

# Sent after commit, with `year=<int>`, whenever official data for a year is entered or
# changed (services.set_year / replace_year, and day edits in the admin). Receivers recompute
# the open deadlines that were computed provisionally. Sent once per entry, not per day.
official_year_entered = django.dispatch.Signal()
