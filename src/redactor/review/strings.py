"""User-facing text of the review page: Danish first, English as an option."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Final

LANGS: Final = ("da", "en")

_DA: Final = {
    "title": "Redactor: kvalitetskontrol",
    "queue": "Kø",
    "needs_review": "Skal gennemses",
    "clean": "Ren",
    "failed": "Fejlet",
    "refused": "Afvist",
    "pending": "Ikke færdig",
    "approved": "Godkendt",
    "not_approved": "Ikke godkendt",
    "candidate": "Kandidatnummer",
    "document": "Dokument",
    "outcome": "Resultat",
    "pages": "Sider",
    "reasons": "Årsager",
    "flags": "Markeringer",
    "open": "Åbn",
    "no_documents": "Der er ingen dokumenter i denne mappe.",
    "failed_intro": "Fejlede og afviste filer er ikke med i udleveringen. Behandl dem manuelt.",
    "view_only": "Kun visning: uden nøglefil (--keys) kan originalen ikke vises, "
                 "og ændringer kan ikke gemmes.",
    "reviewer": "Korrekturlæser",
    "show_original": "Vis original",
    "hide_original": "Skjul original",
    "original": "Original",
    "redacted": "Anonymiseret",
    "page": "Side",
    "no_preview_docx": "Forhåndsvisning af DOCX kræver LibreOffice, som ikke er installeret. "
                       "Kun listen over fund vises.",
    "no_preview": "Ingen forhåndsvisning",
    "findings": "Anonymiseringer",
    "kept": "Beholdt af systemet",
    "category": "Kategori",
    "text": "Tekst",
    "action": "Handling",
    "score": "Sikkerhed",
    "source": "Kilde",
    "accept": "Accepter",
    "undo": "Fortryd (falsk positiv)",
    "undo_short": "Fortryd",
    "redact_again": "Anonymisér igen",
    "redact_this": "Anonymisér",
    "accepted": "accepteret",
    "restored": "gendannet",
    "uncertain": "Usikkert fund",
    "image_flag": "Billede: kan vise en person",
    "verify_flag": "Kontrollen fandt personoplysninger",
    "risk_flag": "Restkontrol: kan indeholde personoplysninger",
    "page_flag": "Siden kunne ikke læses",
    "areas": "Egne felter",
    "remove": "Fjern",
    "terms": "Egne tekster",
    "add_term": "Anonymisér tekst overalt",
    "add": "Tilføj",
    "box_mode": "Tegn felt",
    "box_help": "Træk et felt på siden for at anonymisere det.",
    "approve": "Godkend dokument",
    "unapprove": "Træk godkendelse tilbage",
    "approved_by": "Godkendt",
    "next_doc": "Næste dokument",
    "prev_doc": "Forrige dokument",
    "shortcuts": "Tastatur",
    "sc_jk": "næste / forrige markering",
    "sc_a": "accepter markeringen",
    "sc_u": "fortryd (gendan teksten)",
    "sc_b": "tegn felt (Esc afbryder)",
    "sc_t": "skriv tekst der skal anonymiseres",
    "sc_o": "vis / skjul original",
    "sc_enter": "godkend dokumentet",
    "sc_np": "næste / forrige dokument",
    "msg_saved": "Gemt, og dokumentet er anonymiseret igen.",
    "msg_noted": "Gemt.",
    "msg_busy": "En batchkørsel bruger nøglefilen; prøv igen om lidt.",
    "msg_changed": "Originalen er ændret siden batchkørslen; kør batch igen først.",
    "msg_failed": "Dokumentet kunne ikke anonymiseres igen; den gamle version er bevaret.",
    "msg_bad": "Handlingen kunne ikke udføres.",
    "pending_decisions": "Nogle beslutninger er gemt, men dokumentet er ikke anonymiseret igen med dem.",
    "apply": "Anonymisér igen nu",
    "stale": "Beslutningerne blev truffet på en tidligere version af originalen. Kontrollér dem.",
    "others": "Øvrige",
    "working": "Anonymiserer igen …",
    "verification": "Kontrol",
    "passed": "bestået",
    "not_passed": "ikke bestået",
    "lang_other": "English",
    "back": "Til køen",
    "answers": "Svar i ansøgningsskemaet",
    "answers_intro": "Kandidatens række i kandidatoversigten (overview.xlsx). Navn og kontaktoplysninger er "
                     "fjernet; svarene er anonymiseret. Dine beslutninger skriver oversigten igen.",
    "answers_queue": "Kandidatoversigt: rækker der skal gennemses",
    "answers_flag": "Svarene i ansøgningsskemaet skal også gennemses",
    "question": "Spørgsmål",
    "approve_row": "Godkend rækken",
    "none": "Ingen",
    "error": "Fejl",
}

_EN: Final = {
    "title": "Redactor: quality review",
    "queue": "Queue",
    "needs_review": "Needs review",
    "clean": "Clean",
    "failed": "Failed",
    "refused": "Refused",
    "pending": "Not finished",
    "approved": "Approved",
    "not_approved": "Not approved",
    "candidate": "Candidate number",
    "document": "Document",
    "outcome": "Outcome",
    "pages": "Pages",
    "reasons": "Reasons",
    "flags": "Flags",
    "open": "Open",
    "no_documents": "There are no documents in this folder.",
    "failed_intro": "Failed and refused files are not in the output. Handle them by hand.",
    "view_only": "View only: without the key file (--keys) the original cannot be shown "
                 "and changes cannot be saved.",
    "reviewer": "Reviewer",
    "show_original": "Show original",
    "hide_original": "Hide original",
    "original": "Original",
    "redacted": "Redacted",
    "page": "Page",
    "no_preview_docx": "A DOCX preview needs LibreOffice, which is not installed. "
                       "Only the list of findings is shown.",
    "no_preview": "No preview",
    "findings": "Redactions",
    "kept": "Kept by the system",
    "category": "Category",
    "text": "Text",
    "action": "Action",
    "score": "Confidence",
    "source": "Source",
    "accept": "Accept",
    "undo": "Undo (false positive)",
    "undo_short": "Undo",
    "redact_again": "Redact again",
    "redact_this": "Redact",
    "accepted": "accepted",
    "restored": "restored",
    "uncertain": "Uncertain finding",
    "image_flag": "Image: may show a person",
    "verify_flag": "The check found personal data",
    "risk_flag": "Residual check: may hold personal data",
    "page_flag": "The page could not be read",
    "areas": "Your boxes",
    "remove": "Remove",
    "terms": "Your terms",
    "add_term": "Redact text everywhere",
    "add": "Add",
    "box_mode": "Draw box",
    "box_help": "Drag a box on the page to redact it.",
    "approve": "Approve document",
    "unapprove": "Withdraw approval",
    "approved_by": "Approved",
    "next_doc": "Next document",
    "prev_doc": "Previous document",
    "shortcuts": "Keyboard",
    "sc_jk": "next / previous flag",
    "sc_a": "accept the flag",
    "sc_u": "undo (restore the text)",
    "sc_b": "draw a box (Esc cancels)",
    "sc_t": "type text to redact",
    "sc_o": "show / hide the original",
    "sc_enter": "approve the document",
    "sc_np": "next / previous document",
    "msg_saved": "Saved, and the document was redacted again.",
    "msg_noted": "Saved.",
    "msg_busy": "A batch run is using the key file; try again shortly.",
    "msg_changed": "The original changed since the batch run; run the batch again first.",
    "msg_failed": "The document could not be redacted again; the previous version is kept.",
    "msg_bad": "The action could not be carried out.",
    "pending_decisions": "Some decisions are saved but the document has not been redacted again with them.",
    "apply": "Redact again now",
    "stale": "The decisions were made on an earlier version of the original. Check them.",
    "others": "Others",
    "working": "Redacting again …",
    "verification": "Check",
    "passed": "passed",
    "not_passed": "not passed",
    "lang_other": "Dansk",
    "back": "Back to the queue",
    "answers": "Application form answers",
    "answers_intro": "The candidate's row of the candidate overview (overview.xlsx). Name and contact details "
                     "are removed; the answers are anonymised. Your decisions write the overview again.",
    "answers_queue": "Candidate overview: rows needing review",
    "answers_flag": "The application form answers need review too",
    "question": "Question",
    "approve_row": "Approve the row",
    "none": "None",
    "error": "Error",
}

_CATEGORIES: Final = {
    "da": {"NAME": "NAVN", "CPR": "CPR", "BIRTHDATE": "FØDSELSDATO", "AGE": "ALDER", "GENDER": "KØN",
           "ETHNICITY": "ETNICITET", "FAMILY": "FAMILIE", "EMAIL": "E-MAIL", "PHONE": "TELEFON",
           "ADDRESS": "ADRESSE", "URL": "LINK", "PHOTO": "FOTO", "OTHER": "ANDET", "AREA": "FELT"},
    "en": {"NAME": "NAME", "CPR": "CPR", "BIRTHDATE": "BIRTH DATE", "AGE": "AGE", "GENDER": "GENDER",
           "ETHNICITY": "ETHNICITY", "FAMILY": "FAMILY", "EMAIL": "EMAIL", "PHONE": "PHONE",
           "ADDRESS": "ADDRESS", "URL": "LINK", "PHOTO": "PHOTO", "OTHER": "OTHER", "AREA": "BOX"},
}


def strings(lang: str) -> MappingProxyType[str, str]:
    """The text table for a language ("da" when unknown)."""
    return MappingProxyType(_EN if lang == "en" else _DA)


def category_label(category: str, lang: str) -> str:
    """A category's short label as drawn on a box."""
    table = _CATEGORIES["en" if lang == "en" else "da"]
    return table.get(category, category)


_REASONS_DA: Final = {
    "some findings have low confidence": "nogle fund er usikre",
    "an image may show a person": "et billede kan vise en person",
    "a scanned page: OCR may have missed text in the picture": "en skannet side: OCR kan have overset tekst i billedet",
    "verification found personal data left in the output": "kontrollen fandt personoplysninger i resultatet",
    "the PDF view could not be made": "PDF-visningen kunne ikke laves",
    "verification found personal data left in the PDF view": "kontrollen fandt personoplysninger i PDF-visningen",
    "applicant.json could not be read; detection ran without the form data":
        "applicant.json kunne ikke læses; søgningen kørte uden oplysningerne fra ansøgningsskemaet",
    "face": "ansigt",
    "personal_area": "i feltet med personoplysninger",
    "photo_like": "ligner et foto",
    "unreadable": "kan ikke læses",
}
_NO_TEXT = re.compile(r"^page\(s\) ([\d, ]+) have no usable text layer and OCR is "
                      r"(switched off|not available.*)$")


def reason_text(reason: str, lang: str) -> str:
    """A pipeline reason (English) in the page's language, when it is one of the known ones."""
    from redactor.verify.residual import translate

    residual = translate(reason, lang)
    if residual is not None:
        return residual
    if lang == "en":
        return reason
    m = _NO_TEXT.match(reason)
    if m:
        why = "slået fra" if m.group(2) == "switched off" else "ikke tilgængelig"
        return f"side(r) {m.group(1)} har intet brugbart tekstlag, og OCR er {why}"
    return _REASONS_DA.get(reason, reason)
