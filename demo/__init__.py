"""Demo data for `make run` and the browser journeys: on top of every app, imported by none."""
