"""Helpers of the supervision page tests."""

import datetime

import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.flows import SHANGHAI

INBOX = "/supervision/inbox/"


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail_url(push, action=""):
    if action:
        return reverse(f"supervision:push_{action}", args=[push.pk])
    return reverse("supervision:push_detail", args=[push.pk])
