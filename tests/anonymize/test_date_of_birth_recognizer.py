import datetime as dt
import re

import pytest

from anonymize.recognizers import SvDateOfBirthRecognizer
from pii_assertions import assert_found
from schema.enums import EntityType

R = SvDateOfBirthRecognizer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Barnet är född 2014-03-02 och bor hos mamma.", "2014-03-02"),
        ("Pojken, f. 2/3 2014, placerades på HVB.", "2/3 2014"),
        ("Födelsedatum: 02.03.2014", "02.03.2014"),
        ("FÖDELSEDATUM 20140302", "20140302"),
        ("Flickan föddes den 2 mars 2014 i Malmö.", "2 mars 2014"),
        ("Flickan föddes den 2:a mars 2014 i Malmö.", "2:a mars 2014"),
        ("Han är född i Syrien 140302 enligt mamman.", "140302"),
        ("Eleven (född 14-03-02) går i klass 4.", "14-03-02"),
        ("Född: 29 feb.", "29 feb."),
        ("Pojken är född i Västra Frölunda den 3 april 2012.", "3 april 2012"),
        ("Flickan född den 14/2 -15 enligt mamman.", "14/2 -15"),
        ("född 2014–03–02 enligt journalen", "2014–03–02"),
        ("Samordningsnummer saknas, född 2014-03-62.", "2014-03-62"),
        # near misses: not a date of birth
        ("Mötet hölls 2024-03-05 på skolan.", None),
        ("2024-03-05 hölls möte med BUP.", None),
        ("Pojken är född 2014 och går i skolan.", None),
        ("Han är född 2090-01-01 enligt blanketten.", None),
        ("Född 2014-02-30 står det, vilket inte finns.", None),
        ("Rektorn är f.d. 2019-05-01 anställd här.", None),
        ("Barnet föddes för tidigt. Mötet 2024-03-05 ställdes in.", None),
        ("Hon är född i Sverige, flyttade 2024-03-05 till Borås.", None),
        ("Han är född och uppvuxen här, mötet var 2024-03-05.", None),
        ("Stödet gäller f.o.m. 2024-03-05 och t.o.m. 2024-06-30.", None),
        ("Avvikelsen inträffade 2024-03-05 och rapporterades 2024-03-07.", None),
        ("Den unge, född 201707242564, har placerats.", None),       # a personnummer, not a date
        ("Barnet är född 20000917 2230.", None),
        ("Barnet är född 400922-4520.", None),
    ],
)
def test_when_date_in_text_then_date_of_birth_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.DATE_OF_BIRTH, expected)


def test_when_date_of_birth_redacted_then_tag_and_score_above_review(redactor):
    result = redactor.redact("Pojken är född 2014-03-02.", "description")
    assert result.text == "Pojken är född [FÖDELSEDATUM]."
    (finding,) = result.findings
    assert finding.entity_type == EntityType.DATE_OF_BIRTH and finding.detector == "date_of_birth"
    assert finding.score >= redactor.config.review_threshold


def test_when_personnummer_after_born_then_personnummer_not_date_of_birth(redactor):
    assert redactor.redact("född 901211-9948", "description").text == "född [PERSONNUMMER]"


def test_when_year_after_today_then_not_a_date_of_birth():
    match = re.match(r"(?P<date>(?P<y1>\d{4})-(?P<m1>\d\d)-(?P<d1>\d\d))", f"{dt.date.today().year + 1}-01-01")
    assert not R.is_real_date(match)
    assert R.is_real_date(match, today=dt.date(dt.date.today().year + 1, 1, 1))


def test_when_date_of_birth_finding_loaded_then_warehouse_accepts_it(tmp_path):
    """A form with "född 2014-03-02" yields a DATE_OF_BIRTH finding, which the warehouse
    stores like any other (migration 007)."""
    from datetime import date, datetime

    from schema.models import PiiFinding, StoredDeviation
    from warehouse import LogEntry, Warehouse

    deviation = StoredDeviation(
        id="d" * 16, source_sha256="d" * 64, source_format="docx", form_type="bus", reported_on=date(2025, 3, 5),
        description="Pojken är född [FÖDELSEDATUM].", redaction_status="redacted",
        ingested_at=datetime(2025, 3, 6, 10, 0),
        pii_findings=[PiiFinding(field="description", entity_type="DATE_OF_BIRTH", start_offset=15, end_offset=25,
                                 score=0.85, detector="date_of_birth")],
    )
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load([deviation], [LogEntry("x.docx", "loaded", "d" * 64, None, "d" * 16, "bus")])
        assert wh.con.execute("SELECT entity_type FROM pii_findings").fetchall() == [("DATE_OF_BIRTH",)]
