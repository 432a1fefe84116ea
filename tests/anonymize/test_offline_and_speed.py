"""No network at any time, fast start, fast redaction."""

import socket
import subprocess
import sys
import time

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


def test_when_imported_and_built_in_a_fresh_process_then_under_three_seconds():
    code = (
        "import time; t = time.perf_counter(); from anonymize import Redactor; Redactor(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip()) < 3.0


def test_when_short_fields_redacted_then_well_under_ten_ms_each(redactor):
    redactor.redact(FIELD, "description")  # warm up
    started = time.perf_counter()
    for _ in range(100):
        redactor.redact(FIELD, "description")
    assert (time.perf_counter() - started) / 100 < 0.010
