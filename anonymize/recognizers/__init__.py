"""One Presidio recognizer per file; `default_recognizers()` is the set the Redactor runs."""

from anonymize.recognizers.address import SvAddressRecognizer
from anonymize.recognizers.date_of_birth import SvDateOfBirthRecognizer
from anonymize.recognizers.email import SvEmailRecognizer
from anonymize.recognizers.file_name import SvFileNameRecognizer
from anonymize.recognizers.known_contact import KnownContactRecognizer
from anonymize.recognizers.names import SvNameRecognizer
from anonymize.recognizers.personnummer import SvPersonnummerRecognizer
from anonymize.recognizers.phone import SvPhoneRecognizer

__all__ = [
    "KnownContactRecognizer",
    "SvAddressRecognizer",
    "SvDateOfBirthRecognizer",
    "SvEmailRecognizer",
    "SvFileNameRecognizer",
    "SvNameRecognizer",
    "SvPersonnummerRecognizer",
    "SvPhoneRecognizer",
    "default_recognizers",
]


def default_recognizers():
    return [
        SvPersonnummerRecognizer(),
        SvPhoneRecognizer(),
        SvEmailRecognizer(),
        SvAddressRecognizer(),
        SvDateOfBirthRecognizer(),
        SvNameRecognizer(),
    ]
