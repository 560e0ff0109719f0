"""The one definition of a citation mark in answer text: as models write them ([1], [Source 2],
[1, 3], [2-4]) and in the plain [n] form answers are stored and shown in."""

from __future__ import annotations

import re

# Any mark a model writes; group 1 holds its numbers ('1, 3', '2-4').
CITATION = re.compile(r"\[(?:(?:source|ref|paper)\s*)?(\d+(?:\s*(?:,|;|-|–)\s*\d+)*)\]", re.IGNORECASE)
# One plain mark, [n], as answers hold them once cleaned; group 1 is n.
PLAIN_CITATION = re.compile(r"\[(\d{1,3})\]")
