"""Scans of our own filled forms, as a copier makes them, with the expected record of each.

    python -m sample_forms.scans OUT_DIR [--count N] [--dpi 300] [--seed N]

A form is rendered as a text PDF (`pdf_writer`, layout "text"), each page rasterised at the
scan resolution (pypdfium2), turned a little, given speckle and grain, JPEG-compressed and
saved as an image-only PDF: no text layer, like a scan from a copier. The expected JSON is
the same as for the PDF the scan was made from (`generate._expected`), so OCR accuracy is
measured with the same records as every other form.

`faint_box` makes one ticked box undecidable: its cross is replaced by a faint smudge, so
that the reader must leave that field empty and say so rather than guess.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFilter

from sample_forms.generate import FAMILIES, Variant, _build, _expected, _modified, _plan, _render

DPIS = (150, 200, 300)


def scan_pdf(pdf: bytes, dpi: int = 300, seed: int = 0, max_angle: float = 1.2,
             faint_box: str | None = None) -> bytes:
    """An image-only PDF: every page of `pdf` as a slightly turned, noisy greyscale scan.
    With `faint_box`, the ticked box right before that option text gets a smudge instead of a cross."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    smudges = _ticked_boxes(pdf, faint_box) if faint_box else {}
    doc = pdfium.PdfDocument(pdf)
    pages: list[Image.Image] = []
    try:
        for number in range(len(doc)):
            page = doc[number]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            for x0, top, x1, bottom in smudges.get(number, []):
                _smudge(image, [v * dpi / 72 for v in (x0, top, x1, bottom)])
            pages.append(_as_scanned(image, dpi, rng, max_angle))
    finally:
        doc.close()
    out = io.BytesIO()
    pages[0].save(out, format="PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out.getvalue()


def _as_scanned(image: Image.Image, dpi: int, rng: random.Random, max_angle: float) -> Image.Image:
    angle = rng.uniform(-max_angle, max_angle)
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=dpi / 300 * 0.6))
    draw = ImageDraw.Draw(image)
    for _ in range(int(image.width * image.height / 4000)):  # dust and speckle
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.point((x, y), fill=rng.randrange(0, 160))
    # Grain: a greyscale noise image blended in, then JPEG as a copier stores it.
    noise = Image.effect_noise(image.size, 18).point(lambda v: max(0, min(255, v)))
    image = Image.blend(image, noise, 0.08)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=70)
    buf.seek(0)
    return Image.open(buf).convert("L")


def _ticked_boxes(pdf: bytes, option: str) -> dict[int, list[tuple[float, float, float, float]]]:
    """Page → boxes (x0, top, x1, bottom in points) of every ☒ right before `option`."""
    import pdfplumber

    found: dict[int, list[tuple[float, float, float, float]]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            words = page.extract_words(x_tolerance=2, y_tolerance=3)
            for w, nxt in zip(words, words[1:]):
                if w["text"] == "☒" and nxt["text"] == option.split()[0] and abs(nxt["top"] - w["top"]) < 4:
                    found.setdefault(number, []).append((w["x0"], w["top"], w["x1"], w["bottom"]))
    return found


def _smudge(image: Image.Image, box: list[float]) -> None:
    """The cross inside a box wiped and a faint small mark left: neither ticked nor empty."""
    x0, top, x1, bottom = box
    side = x1 - x0
    # The glyph's square sits low in its text box: clear the middle of the square only.
    cx, cy = (x0 + x1) / 2, bottom - side * 0.62
    inner = side * 0.28
    draw = ImageDraw.Draw(image)
    draw.rectangle((cx - inner, cy - inner, cx + inner, cy + inner), fill=255)
    dot = side * 0.11
    draw.ellipse((cx - dot, cy - dot, cx + dot, cy + dot), fill=60)


def write_scans(out_dir: Path, count: int = 3, dpi: int = 300, seed: int = 14,
                expected_dir: Path | None = None) -> list[Path]:
    """`count` scans of text-PDF forms (families in turn), with `<name>.json` expected records."""
    out_dir = Path(out_dir)
    expected_dir = Path(expected_dir) if expected_dir is not None else out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    expected_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for k in range(count):
        name = f"Skannad {FAMILIES[k % len(FAMILIES)]} {k:02d} {dpi}dpi.pdf"
        data, expected = scanned_form(FAMILIES[k % len(FAMILIES)], rng.randrange(1 << 30), name, dpi, k=k)
        (out_dir / name).write_bytes(data)
        (expected_dir / f"{name}.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(out_dir / name)
    return paths


def scanned_form(family: str, seed: int, name: str, dpi: int = 300, k: int = 0,
                 faint_box: Callable[[dict], str | None] | None = None) -> tuple[bytes, dict]:
    """(the image-only PDF, its expected JSON) of one filled form of `family`. `faint_box`
    picks, from the expected record, the option whose ticked box is made undecidable."""
    rng = random.Random(seed)
    v = Variant(family, "pdf", "text")
    plan = _plan(rng, v, k, k // len(FAMILIES))
    built = _build(plan)
    pdf = _render(built, v, random.Random(rng.randrange(1 << 30)), _modified(plan.reported_on))
    option = faint_box(built.record) if faint_box else None
    data = scan_pdf(pdf, dpi=dpi, seed=rng.randrange(1 << 30), faint_box=option)
    expected = _expected(name, built, v)
    expected["variant"] = f"scan-{dpi}dpi-rev{built.doc.revision}"
    return data, expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sample_forms.scans", description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=3)
    ap.add_argument("--dpi", type=int, default=300, choices=DPIS)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args(argv)
    paths = write_scans(args.out, args.count, args.dpi, args.seed)
    print(f"{len(paths)} scans written under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
