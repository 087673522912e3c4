"""Source strings are English: the English catalogue translates each to itself, so that it is complete.

Also reports zh-Hans entries still untranslated or fuzzy, and exits 1 if there are any."""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"

en = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
for entry in en:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
en.metadata["Language"] = "en"
en.metadata["Content-Type"] = "text/plain; charset=UTF-8"
en.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
en.save()

zh = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
missing = [e.msgid for e in zh if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
for msgid in missing:
    print(f"zh_Hans untranslated: {msgid!r}")
sys.exit(1 if missing and "--check" in sys.argv else 0)
