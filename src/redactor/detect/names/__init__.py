"""Name detection: NER, label and layout cues, signatures, gazetteers, the applicant's own name, propagation.

The package is split along the detector's seams:

- ``vocab``: word lists, cue patterns, the token model and small shared text tests;
- ``lexicon``: the name gazetteer and word frequencies that classify a word;
- ``filters``: the name-shape test and the rejection filters (company, street, place, date, employer ...);
- ``signals``: the direct signals (NER, labels, signatures, layout, gazetteer, titles, handles, file names);
- ``propagation``: wrapped names, propagation of confident names, merging;
- ``detector``: ``NameDetector``, which runs them in order.
"""

from redactor.detect.names.detector import NameDetector
from redactor.detect.names.vocab import MIN_SCORE, PROPAGATE_THRESHOLD, fold, iter_name_parts, skeleton

__all__ = ["MIN_SCORE", "PROPAGATE_THRESHOLD", "NameDetector", "fold", "iter_name_parts",
           "skeleton"]
