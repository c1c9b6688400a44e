"""The routes of issue 14's parts, one module each: `urlpatterns` (pages, under /supervision/)
and `api_urlpatterns` (under /api/v1/). supervision.urls and supervision.api_urls add them."""

from supervision.routes import (
    casefile,
    checks,
    correspondence,
    events,
    feedback,
    liaisons,
    meetings,
)

PARTS = (feedback, events, checks, correspondence, liaisons, casefile, meetings)
