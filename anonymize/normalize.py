"""Text as the detectors read it: NFC, without invisible characters, with a map back.

Names are written in more ways than they look: macOS writes file names decomposed (NFD, "e" +
a combining accent), Word inserts soft hyphens, web forms and PDFs carry zero-width spaces and
bidi marks. The detectors read the normalised text; `Normalised.span` maps each finding back to
the original text, so the redaction replaces exactly what was written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Soft hyphen, zero-width characters, word joiner, byte-order mark and bidi controls.
INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_NEEDS_WORK = re.compile("[" + "".join(sorted(INVISIBLE)) + r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True)
class Normalised:
    """`text` as the detectors read it; `starts[i]`/`ends[i]`: where its character i came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None  # None: the text is unchanged
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """NFC, with soft hyphens, zero-width and bidi control characters removed."""
    if not text or (text.isascii()) or not _NEEDS_WORK.search(text):
        composed = unicodedata.normalize("NFC", text) if text and not text.isascii() else text
        if composed == text:
            return Normalised(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    pending: int | None = None  # invisible characters before a cluster belong to it
    while i < n:
        ch = text[i]
        if ch in INVISIBLE:
            pending = i if pending is None else pending
            i += 1
            continue
        # a base character with the combining marks (and invisibles) that follow it
        j = i + 1
        cluster = [ch]
        while j < n and (unicodedata.combining(text[j]) or (text[j] in INVISIBLE and not ch.isspace())):
            if text[j] not in INVISIBLE:
                cluster.append(text[j])
            j += 1
        composed = unicodedata.normalize("NFC", "".join(cluster))
        first = i if pending is None or ch.isspace() else pending
        for out in composed:
            pieces.append(out)
            starts.append(first)
            ends.append(j)
        pending = None
        i = j
    return Normalised(text, "".join(pieces), tuple(starts), tuple(ends))
