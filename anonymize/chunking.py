"""Long texts in pieces: spaCy refuses a text longer than its `max_length` (error E088, about
1 MB), and one field of a form can hold a whole journal. `analyze_in_pieces` runs the analyzer
on overlapping pieces cut at white space and moves each finding back to its place in the whole
text, so a name or number standing on a seam is still found whole in the next piece."""

from __future__ import annotations

from typing import Callable, Iterator

from presidio_analyzer import RecognizerResult

#: Characters per piece; well under spaCy's default max_length of 1,000,000.
PIECE = 400_000
#: Characters each piece repeats of the one before (longer than any finding).
OVERLAP = 2_000


def piece_bounds(text: str, piece: int = PIECE, overlap: int = OVERLAP) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece; consecutive pieces share at least `overlap` characters and,
    where the text allows, end and start at white space."""
    if overlap * 4 > piece:
        raise ValueError("overlap must be well under the piece length")
    start = 0
    while True:
        end = min(len(text), start + piece)
        if end < len(text):
            cut = max(text.rfind(ch, start + piece // 2, end) for ch in "\n ")
            end = cut + 1 if cut > 0 else end
        yield start, end
        if end >= len(text):
            return
        next_start = end - overlap
        space = text.find(" ", next_start, end)
        start = space + 1 if space >= 0 else next_start


def analyze_in_pieces(analyze: Callable[..., list[RecognizerResult]], text: str, piece: int = PIECE,
                      overlap: int = OVERLAP, **kwargs) -> list[RecognizerResult]:
    """`analyze(text=..., **kwargs)` for a short text; for a long one, the findings of every
    piece in the offsets of the whole text, the same finding from two pieces kept once."""
    if len(text) <= piece:
        return analyze(text=text, **kwargs)
    best: dict[tuple[int, int, str], RecognizerResult] = {}
    for start, end in piece_bounds(text, piece, overlap):
        for result in analyze(text=text[start:end], **kwargs):
            result.start += start
            result.end += start
            key = (result.start, result.end, result.entity_type)
            if key not in best or result.score > best[key].score:
                best[key] = result
    return sorted(best.values(), key=lambda r: (r.start, r.end))
