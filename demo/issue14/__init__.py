"""Demo data of issue 14's parts, one module each with `seed() -> str`: it runs after the demo
cases exist (its services own their transactions) and returns one line for the summary, or ""."""

from demo.issue14 import casefile, checks, correspondence, events, feedback, liaisons, meetings

PARTS = (feedback, events, checks, correspondence, liaisons, casefile, meetings)
