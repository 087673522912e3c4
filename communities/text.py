"""Text people type: the bidirectional-override characters that no stored text may carry.

U+202A–U+202E (LRE, RLE, PDF, LRO, RLO) and U+2066–U+2069 (LRI, RLI, FSI, PDI) are invisible and turn the text
after them around: `<U+202E>txt.exe` shows as `exe.txt`, a room or an amount can read as another. Three guards, one
list of characters:
- every form of ours refuses them in every text field (`communities.forms.BidiGuard`, with `refuse_bidi`);
- an imported file reports them as a row problem naming the column (`roster/parsing.py`, with `BIDI_IN_CELL`);
- services strip them from what they store, as the last guard (`strip_bidi`, `clean_text`), for callers that
  are no form: commands, imports, the admin, other apps' services.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")

BIDI_IN_FIELD = _(
    "This text contains invisible direction-changing characters, which can make it show differently from "
    "what was typed. Type it again instead of pasting it."
)
BIDI_IN_CELL = _(
    "This cell contains invisible direction-changing characters, which can make it show differently from "
    "what was typed. Type the cell again in the file."
)

# The validator every text field of our forms carries: a value with one of the characters is refused.
refuse_bidi = RegexValidator(_BIDI, message=BIDI_IN_FIELD, code="bidi", inverse_match=True)


def has_bidi(text: str) -> bool:
    # Plain ASCII (most phones, numbers and labels) is decided without a regular expression.
    return not text.isascii() and _BIDI.search(text) is not None


def strip_bidi(text: str) -> str:
    """The text without its bidirectional-override characters."""
    return _BIDI.sub("", text) if has_bidi(text) else text


def clean_text(text: str | None) -> str:
    """What a service stores of a typed text: no bidirectional-override characters, no surrounding spaces."""
    return strip_bidi(text or "").strip()
