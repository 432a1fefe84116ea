"""Names however they are written (issue 11): capitals, lower case, other scripts, particles,
a surname alone, context that overrules a veto; and the near misses that must stay."""

import pytest

from pii_assertions import assert_found
from schema.enums import EntityType


@pytest.mark.parametrize(
    "text, expected",
    [
        # ALL CAPS
        ("Underskrift: MIRELA KOVAČ", "MIRELA KOVAČ"),
        ("Handläggare JOUNI HEIKKINEN har inte återkommit.", "JOUNI HEIKKINEN"),
        ("Enligt LINDGREN saknas beslut.", "LINDGREN"),
        # lower case after a context word, or before a verb
        ("Samtal med yusuf den 12 mars.", "yusuf"),
        ("Vi har pratat med sebastian om läget.", "sebastian"),
        ("Mötet med ingrid och socialtjänsten ställdes in.", "ingrid"),
        # genitive at a sentence start
        ("Lovisas mående har försämrats under våren.", "Lovisas"),
        ("Yasmins skolgång har inte fungerat.", "Yasmins"),
        # other scripts inside Swedish text
        ("Eleven محمد علي har inte fått stöd.", "محمد علي"),
        ("Mamman 王芳 ringde till skolan.", "王芳"),
        ("Pappan สมชาย kom inte till mötet.", "สมชาย"),
        ("Vårdnadshavaren Ольга har inte fått svar.", "Ольга"),
        # particles belong to the name
        ("Mötet med Fatima al-Hassan ställdes in.", "Fatima al-Hassan"),
        ("Kuratorn Sara van der Berg ringde.", "Sara van der Berg"),
        ("Beslutet fattades av Johan af Klint.", "Johan af Klint"),
        ("Ali bin Rashid har inte fått svar.", "Ali bin Rashid"),
        ("Det gäller Sean O'Connor i årskurs 8.", "Sean O'Connor"),
        ("Enligt von Essen saknas en plan.", "von Essen"),
        # initials
        ("Beslutet är fattat av A. Lindqvist på enheten.", "A. Lindqvist"),
        # a surname alone
        ("Andersson säger att ingen plan finns.", "Andersson"),
        ("Vi fick besked från Bildt i går.", "Bildt"),
        ("Familjehemmet Ek har inte fått ersättning.", "Ek"),
        ("Barnet bor i jourhemmet Sandberg sedan mars.", "Sandberg"),
        # the context word wins over a place or word veto
        ("Flickan Mora har inte fått plats.", "Mora"),
        ("Pojken Lo har hög frånvaro.", "Lo"),
        ("Farmor Maj var med på mötet.", "Maj"),
        # a name wrapped onto the next line of a PDF
        ("Kuratorn Omar\nKarlsson har haft kontakt med familjen.", "Omar\nKarlsson"),
        # a municipality as a surname after a given name
        ("Det gäller Theo Sala, 12 år.", "Theo Sala"),
        # lower case without a role word, a naming verb, an abbreviated title
        ("kalle andersson har inte fått stöd.", "kalle andersson"),
        ("Eleven heter li wei och går i årskurs 3.", "li wei"),
        ("Enligt andersson saknas beslut.", "andersson"),
        ("Kontakt har tagits med dr. Nguyen.", "Nguyen"),
        ("Mötet bokades av björn Larsson.", "björn Larsson"),
        ("Hos Lundgren fanns ingen plan.", "Lundgren"),
        # a person after a unit word, when a given name and a surname follow it
        ("Kuratorn på BUP Björn Larsson har ringt.", "Björn Larsson"),
    ],
)
def test_when_name_written_in_another_style_then_found(redactor, text, expected):
    assert_found(redactor, text, EntityType.NAME, expected)


@pytest.mark.parametrize(
    "text",
    [
        # capitals that are acronyms or headings
        "HVB-hemmet och BUP har ingen ADHD-utredning enligt LSS och SIP.",
        "BESKRIVNING AV AVVIKELSEN",
        # lower-case words that are in a name list
        "Han tog med sig papperen i mars.",
        "Mötet hölls med alla parter i maj.",
        # laws, institutions named after people, care brands
        "Enligt lex Sarah ska missförhållandet anmälas.",
        "Drottning Silvias barn- och ungdomssjukhus remitterade barnet.",
        "Barnet skrevs ut från Astrid Lindgrens barnsjukhus.",
        "Bidraget kom från Carl Malmstens stiftelse.",
        "Vårdcentralen Bra Liv Nässjö har inte svarat.",
        "Resursskolan Ängen har inte fått underlag.",
        # genitive municipalities, districts and localities
        "Marks kommun deltog inte i mötet.",
        "Familjen bor i Sofia och flyttade sedan till Alby.",
        "Skolan i Rinkeby och BVC i Fittja har samverkat.",
        # capitalised sentence words, mail prefixes, case numbers
        "Nu har skolan svarat. Detta gäller hela gruppen. Bara en gång kom någon.",
        "Fwd: VB: SV: Avvikelse BUS",
        "Ärendet har Dnr BoU 2022/4206 hos socialtjänsten.",
        "Det gäller så kallade övergripande systemfel i samverkan.",
        "Vi åkte till lindholmen och pratade med personalen.",
        "Han har varje dag pratat med sig själv om mars.",
    ],
)
def test_when_near_miss_then_not_a_name(redactor, text):
    assert_found(redactor, text, EntityType.NAME, None)


@pytest.mark.parametrize(
    "file_name, expected",
    [
        ("AVVIKELSE KALLE ANDERSSON.docx", "AVVIKELSE [NAMN].docx"),
        ("Avvikelse A.Lindqvist", "Avvikelse [NAMN]"),
        ("avvikelse_rojin_barzani.docx", "avvikelse_[NAMN].docx"),
        ("avvikelse sara van der berg.pdf", "avvikelse [NAMN].pdf"),
        ("Avvikelse Fatima al-Hassan.docx", "Avvikelse [NAMN].docx"),
        # near misses
        ("Avvikelse Vårdcentralen Bra Liv Nässjö.pdf", "Avvikelse Vårdcentralen Bra Liv Nässjö.pdf"),
        ("Fwd Avvikelse BUS 2024.pdf", "Fwd Avvikelse BUS 2024.pdf"),
        ("avvikelse_mars_2024.docx", "avvikelse_mars_2024.docx"),
        ("Avvikelse lex Sarah.docx", "Avvikelse lex Sarah.docx"),
    ],
)
def test_when_file_name_written_in_another_style_then_redacted_or_kept(redactor, file_name, expected):
    assert redactor.redact(file_name, "source_name").text == expected
