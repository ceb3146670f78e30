"""Recognizers Presidio lacks for French and English text, one class per file, in Presidio's own style.

Pattern recognizers carry ``PATTERNS``, ``CONTEXT`` and ``validate_result``/``invalidate_result``
checksum hooks, so each could be contributed upstream as it is.
"""

from provenance.pii.recognizers.apposition_person_recognizer import AppositionPersonRecognizer
from provenance.pii.recognizers.case_citation_person_recognizer import CaseCitationPersonRecognizer
from provenance.pii.recognizers.date_of_birth_recognizer import DateOfBirthRecognizer
from provenance.pii.recognizers.form_field_person_recognizer import FormFieldPersonRecognizer
from provenance.pii.recognizers.fr_id_card_recognizer import FrIdCardRecognizer
from provenance.pii.recognizers.fr_nir_recognizer import FrNirRecognizer
from provenance.pii.recognizers.fr_passport_recognizer import FrPassportRecognizer
from provenance.pii.recognizers.fr_phone_recognizer import FrPhoneRecognizer
from provenance.pii.recognizers.fr_siren_recognizer import FrSirenRecognizer
from provenance.pii.recognizers.fr_siret_recognizer import FrSiretRecognizer
from provenance.pii.recognizers.fr_vehicle_plate_recognizer import FrVehiclePlateRecognizer
from provenance.pii.recognizers.given_name_person_recognizer import GivenNamePersonRecognizer
from provenance.pii.recognizers.honorific_person_recognizer import HonorificPersonRecognizer
from provenance.pii.recognizers.international_phone_recognizer import InternationalPhoneRecognizer
from provenance.pii.recognizers.letter_pseudonym_recognizer import LetterPseudonymRecognizer
from provenance.pii.recognizers.payment_card_recognizer import PaymentCardRecognizer
from provenance.pii.recognizers.rare_name_person_recognizer import RareNamePersonRecognizer
from provenance.pii.recognizers.street_address_recognizer import StreetAddressRecognizer
from provenance.pii.recognizers.transcript_speaker_recognizer import TranscriptSpeakerRecognizer
from provenance.pii.recognizers.url_credentials_recognizer import UrlWithCredentialsRecognizer

__all__ = [
    "AppositionPersonRecognizer",
    "CaseCitationPersonRecognizer",
    "DateOfBirthRecognizer",
    "FormFieldPersonRecognizer",
    "FrIdCardRecognizer",
    "FrNirRecognizer",
    "FrPassportRecognizer",
    "FrPhoneRecognizer",
    "FrSirenRecognizer",
    "FrSiretRecognizer",
    "FrVehiclePlateRecognizer",
    "GivenNamePersonRecognizer",
    "HonorificPersonRecognizer",
    "InternationalPhoneRecognizer",
    "LetterPseudonymRecognizer",
    "PaymentCardRecognizer",
    "RareNamePersonRecognizer",
    "StreetAddressRecognizer",
    "TranscriptSpeakerRecognizer",
    "UrlWithCredentialsRecognizer",
]
