"""The redaction check: find personal data in text and replace it with tags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Sequence

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult

from anonymize.chunking import analyze_in_pieces
from anonymize.config import AnonymizeConfig
from anonymize.nlp import LANGUAGE, SvNlpEngine
from anonymize.memory import DETECTOR as MEMORY_DETECTOR
from anonymize.memory import SCORE as MEMORY_SCORE
from anonymize.memory import NameMemory
from anonymize.normalize import normalise
from anonymize.recognizers import KnownContactRecognizer, SvFileNameRecognizer, default_recognizers
from schema.enums import REDACTION_TAG, EntityType, RedactionStatus
from schema.models import FREE_TEXT_FIELDS, Deviation, Party, PiiFinding

#: File extensions a name may be glued to in running text ("Bilagan Avvikelse Kalle Svensson.docx").
FILE_EXTENSIONS = ("docx", "doc", "docm", "dotx", "odt", "rtf", "pdf", "eml", "msg", "txt", "xlsx", "xls",
                   "csv", "pptx", "ppt", "jpg", "jpeg", "png", "heic", "tif", "tiff", "gif", "zip")
_EXTENSION = re.compile(r"(?<=\w)\.(?:" + "|".join(FILE_EXTENSIONS) + r")(?![\w])", re.IGNORECASE)
#: Characters that end a file name written in running text (looking back from its extension).
_FILE_NAME_STOPS = frozenset(" \t\r\n/\\([{<\"'«»“”‘’:;,|")
#: How many words before a glued file name may still belong to it ("avvikelse kalle svensson.pdf").
_FILE_NAME_WORDS = 4
#: When two findings overlap with the same score, the earlier type here names the merged span.
_PRIORITY = [EntityType.PERSONNUMMER, EntityType.EMAIL, EntityType.PHONE, EntityType.ADDRESS, EntityType.DATE_OF_BIRTH,
             EntityType.NAME]


@dataclass(frozen=True)
class RedactionResult:
    text: str
    findings: list[PiiFinding]


@dataclass(frozen=True)
class RedactedRecord:
    deviation: Deviation
    source_name: str
    findings: list[PiiFinding]
    status: RedactionStatus


@dataclass
class _Span:
    start: int
    end: int
    entity: EntityType
    score: float
    detector: str


def _merge(results: list[RecognizerResult]) -> list[_Span]:
    """Union of overlapping results; the strongest one names the entity type and detector."""
    spans = [
        _Span(r.start, r.end, EntityType(r.entity_type), r.score,
              (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))
        for r in results
        if r.end > r.start
    ]
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[_Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            stronger = (span.score, span.end - span.start, -_PRIORITY.index(span.entity)) > (
                last.score, last.end - last.start, -_PRIORITY.index(last.entity)
            )
            if stronger:
                last.entity, last.score, last.detector = span.entity, span.score, span.detector
            last.end = max(last.end, span.end)
        else:
            merged.append(_Span(span.start, span.end, span.entity, span.score, span.detector))
    return merged


def mask_file_names(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each file name in it read as words, and the spans that may belong to a file
    name. Of a word glued to an extension ("Svensson.docx", "avvikelse_kalle_svensson.pdf") the
    extension becomes spaces and "_" and "." inside it spaces too, so the name finder sees
    "Svensson" and "avvikelse kalle svensson"; the text keeps its length, so offsets hold. Each
    span reaches back over up to four words of the same clause, where a lower-case name in a
    file name may stand ("Filen avvikelse kalle svensson.docx")."""
    matches = list(_EXTENSION.finditer(text))
    if not matches:
        return text, []
    chars = list(text)
    spans: list[tuple[int, int]] = []
    for match in matches:
        start = match.start()
        while start > 0 and text[start - 1] not in _FILE_NAME_STOPS:
            start -= 1
        for k in range(start, match.end()):
            if k >= match.start() or chars[k] in "_.":
                chars[k] = " "
        reach, words = start, 0
        while reach > 0 and text[reach - 1] == " " and words < _FILE_NAME_WORDS:
            before = reach - 1
            while before > 0 and text[before - 1] not in _FILE_NAME_STOPS:
                before -= 1
            if before == reach - 1:
                break
            reach, words = before, words + 1
        spans.append((reach, match.start()))
    return "".join(chars), spans


def _detector_name(recognizer_name: str) -> str:
    return {
        "SvPersonnummerRecognizer": "personnummer",
        "SvPhoneRecognizer": "phone",
        "SvEmailRecognizer": "email",
        "SvAddressRecognizer": "address",
        "SvDateOfBirthRecognizer": "date_of_birth",
        "SvNameRecognizer": "name_rules",
        "SvFileNameRecognizer": "file_name",
    }.get(recognizer_name, recognizer_name)


class Redactor:
    """Builds the analyzer once; `redact` is then cheap and thread-compatible per call."""

    def __init__(self, config: AnonymizeConfig | dict[str, Any] | None = None) -> None:
        self.config = AnonymizeConfig.load(config)
        nlp_engine = SvNlpEngine()
        nlp_engine.load()
        if self.config.not_people:
            from anonymize.name_finder import NameFinder
            from anonymize.lexicon import with_not_people

            finder: NameFinder = nlp_engine.nlp[LANGUAGE].get_pipe("sv_name_finder")
            finder.lexicon = with_not_people(finder.lexicon, self.config.not_people)
        registry = RecognizerRegistry(recognizers=default_recognizers(), supported_languages=[LANGUAGE])
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE],
            default_score_threshold=self.config.min_score,
        )
        self._entities = [e.value for e in self.config.entities]
        self._finder = nlp_engine.nlp[LANGUAGE].get_pipe("sv_name_finder")
        self._known_cache: dict[tuple[str, ...], KnownContactRecognizer] = {}
        self._file_name_recognizer = SvFileNameRecognizer(self._finder)

    def _known_recognizer(self, known: Sequence[str]) -> KnownContactRecognizer | None:
        """The recognizer for these known strings; built once per distinct list (a record's
        fields share one), since reading a free-text contact value runs the detectors."""
        key = tuple(" ".join((k or "").split()) for k in known)
        if not any(key):
            return None
        recognizer = self._known_cache.get(key)
        if recognizer is None:
            if len(self._known_cache) >= 64:
                self._known_cache.pop(next(iter(self._known_cache)))
            recognizer = KnownContactRecognizer(
                key, detect=lambda value: [(s, e, ent, score) for s, e, ent, score, _ in self.find(value)],
                finder=self._finder, min_part_score=self.config.review_threshold,
            )
            self._known_cache[key] = recognizer
        return recognizer

    def find(self, text: str, known: Sequence[str] = ()) -> list[tuple[int, int, EntityType, float, str]]:
        """(start, end, entity, score, detector) of each finding in `text`, merged, in order; a
        name found with confidence is also found at its other mentions in the text (`NameMemory`)."""
        found = self._find(text, known)
        memory = NameMemory(self._finder)
        known_recognizer = self._known_recognizer(known)
        if known_recognizer is not None:
            memory.update(known_recognizer.names)
        self._remember(memory, text, found)
        return self._recall(memory, text, found)

    def _remember(self, memory: NameMemory, analysed: str, found: list[_Found]) -> None:
        threshold = self.config.review_threshold
        memory.update(
            normalise(analysed[start:end]).text for start, end, entity, score, _ in found
            if entity is EntityType.NAME and score >= threshold
        )

    @staticmethod
    def _recall(memory: NameMemory, analysed: str, found: list[_Found], strict: bool = False) -> list[_Found]:
        """`found` with every mention of a remembered name added (`strict`: see NameMemory.find)."""
        if not memory:
            return found
        normalised = normalise(analysed)
        extra = [(*normalised.span(s, e), EntityType.NAME, MEMORY_SCORE, MEMORY_DETECTOR)
                 for s, e in memory.find(normalised.text, strict)]
        return _union(found, extra)

    def _find(self, text: str, known: Sequence[str], file_name: bool = False) -> list[tuple[int, int, EntityType, float, str]]:
        """With `file_name`, `text` is a file name's stem (read as one); otherwise running text,
        where the file names in it are read as words too (`mask_file_names`)."""
        if not text or not text.strip():
            return []
        normalised = normalise(text)
        text = normalised.text
        file_spans: list[tuple[int, int]] = []
        if not file_name:
            text, file_spans = mask_file_names(text)
        known_recognizer = self._known_recognizer(known)
        ad_hoc = [known_recognizer] if known_recognizer is not None else []
        if file_name or file_spans:
            ad_hoc.append(self._file_name_recognizer)
        results = analyze_in_pieces(  # long texts in pieces (anonymize/chunking.py)
            self.analyzer.analyze, text, language=LANGUAGE, entities=self._entities, ad_hoc_recognizers=ad_hoc or None,
            score_threshold=self.config.min_score,
        )
        if file_spans:
            # lower-case names count only inside a file name in running text
            results = [
                r for r in results
                if (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) != "SvFileNameRecognizer"
                or any(start <= r.start and r.end <= end for start, end in file_spans)
            ]
        return [(*normalised.span(s.start, s.end), s.entity, s.score, _detector_name(s.detector))
                for s in _merge(results)]

    def redact(self, text: str, field: str, known: Sequence[str] = ()) -> RedactionResult:
        """`text` with findings replaced by tags. The field "source_name" is read as a file name
        (see `redact_source_name`)."""
        if field == "source_name":
            return self.redact_source_name(text, known)
        return _apply(text, field, self.find(text, known))

    def _redact(self, text: str, analysed: str, field: str, known: Sequence[str],
                file_name: bool = False) -> RedactionResult:
        return _apply(text, field, self._find(analysed, known, file_name))

    @staticmethod
    def _split_source_name(source_name: str) -> tuple[str, str, str]:
        """(stem, the stem as analysed, suffix): "_" and "." read as spaces; the suffix only
        when it is a file extension ("Avvikelse A.Lindqvist" has none)."""
        path = PurePath(source_name)
        ext = path.suffix[1:]
        suffix = path.suffix if ext.lower() in FILE_EXTENSIONS or (
            ext.isalnum() and not ext.isdigit() and ext.islower() and len(ext) <= 4) else ""
        stem = source_name[: -len(suffix)] if suffix else source_name
        analysed = "".join(" " if ch in "_." else ch for ch in stem)
        return stem, analysed, suffix

    def redact_source_name(self, source_name: str, known: Sequence[str] = ()) -> RedactionResult:
        """The file name with personal data replaced; "_" and "." read as spaces, the suffix kept
        ("Avvikelse Kalle Svensson.docx" -> "Avvikelse [NAMN].docx"). Besides the detectors,
        lower-case given names and surnames that are not Swedish words count here
        ("avvikelse_kalle_svensson.docx")."""
        stem, analysed, suffix = self._split_source_name(source_name)
        result = self._redact(stem, analysed, "source_name", known, file_name=True)
        return RedactionResult(text=result.text + suffix, findings=result.findings)

    def redact_record(self, deviation: Deviation, source_name: str, known: Sequence[str] = ()) -> RedactedRecord:
        """Every free text, party name and the file name of one form. A name found with
        confidence in any of them, or among the `known` contact values, is then redacted at
        every mention across all of them (`NameMemory`: any case, genitive, a part alone)."""
        # (field, text as written, text as analysed, is a file name)
        items: list[tuple[str, str, str, bool]] = []
        for field in FREE_TEXT_FIELDS:
            value = getattr(deviation, field)
            if value:
                items.append((field, value, value, False))
        for index, party in enumerate(deviation.parties):
            items.append((f"parties[{index}].name", party.name, party.name, False))
        stem, analysed_stem, suffix = self._split_source_name(source_name)
        items.append(("source_name", stem, analysed_stem, True))
        found = [self._find(analysed, known, is_file) for _field, _text, analysed, is_file in items]
        for k, (field, _text, _analysed, _is_file) in enumerate(items):
            if field.startswith("parties["):
                found[k] = self._party_findings(found[k])
        memory = NameMemory(self._finder)
        known_recognizer = self._known_recognizer(known)
        if known_recognizer is not None:
            memory.update(known_recognizer.names)
        for (_field, _text, analysed, _is_file), spans in zip(items, found):
            self._remember(memory, analysed, spans)
        results: dict[str, RedactionResult] = {}
        findings: list[PiiFinding] = []
        for (field, text, analysed, _is_file), spans in zip(items, found):
            result = _apply(text, field, self._recall(memory, analysed, spans, field.startswith("parties[")))
            results[field] = result
            findings.extend(result.findings)
        update: dict[str, Any] = {
            field: results[field].text for field in FREE_TEXT_FIELDS if field in results
        }
        update["parties"] = [
            Party.model_validate({**party.model_dump(), "name": results[f"parties[{index}].name"].text})
            for index, party in enumerate(deviation.parties)
        ]
        if not findings:
            status = RedactionStatus.CLEAN
        elif any(f.score < self.config.review_threshold for f in findings):
            status = RedactionStatus.NEEDS_REVIEW
        else:
            status = RedactionStatus.REDACTED
        return RedactedRecord(
            deviation=deviation.model_copy(update=update), source_name=results["source_name"].text + suffix,
            findings=findings, status=status,
        )

    def _party_findings(self, spans: list[_Found]) -> list[_Found]:
        """A party is an organisation: a name in it counts only with strong evidence (a role
        word, a full name, a known contact), never a lone capitalised word of the
        organisation's name ("Vårdcentralen Bra Liv Nässjö")."""
        return [s for s in spans if s[2] is not EntityType.NAME or s[3] >= PARTY_NAME_SCORE or s[4] == "known_contact"]


#: (start, end, entity, score, detector)
_Found = tuple[int, int, EntityType, float, str]
#: A name in a party (an organisation) counts from this score up (a role word, a full name).
PARTY_NAME_SCORE = 0.9


def _union(found: list[_Found], extra: list[_Found]) -> list[_Found]:
    """Findings and extra spans merged: overlapping spans become one, the first kept's type."""
    if not extra:
        return found
    merged: list[list] = []
    for span in sorted([*found, *extra], key=lambda f: (f[0], -f[1], -f[3])):
        if merged and span[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(list(span))
    return [tuple(m) for m in merged]  # type: ignore[misc]


def _apply(text: str, field: str, found: list[_Found]) -> RedactionResult:
    """`text` with each finding replaced by its tag."""
    findings = [
        PiiFinding(field=field, entity_type=entity, start_offset=start, end_offset=end,
                   score=round(min(1.0, score), 4), detector=detector)
        for start, end, entity, score, detector in found
    ]
    pieces: list[str] = []
    cursor = 0
    for start, end, entity, _score, _detector in found:
        pieces.append(text[cursor:start])
        pieces.append(REDACTION_TAG[entity])
        cursor = end
    pieces.append(text[cursor:])
    return RedactionResult(text="".join(pieces), findings=findings)
