"""No network at any time. (Start-up and redaction time are measured by bench/run.py, not by timed tests.)"""

import socket

from anonymize import Redactor
from anonymize.lexicon import load_lexicon

FIELD = "Pojken Kalle Svensson (pnr 901211-9948) har inte fått SIP; mamman nås på 070-123 45 67."


def test_when_analyzer_built_and_used_then_no_network_is_touched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    load_lexicon.cache_clear()  # read the word lists again, under the guard
    redactor = Redactor()
    result = redactor.redact(FIELD + " Mejla kalle@gmail.com eller se www.storsthlm.se.", "description")
    assert "[E-POST]" in result.text
