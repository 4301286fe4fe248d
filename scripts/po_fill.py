"""Fill msgstr entries of a .po file from a JSON dict {msgid: msgstr}.

Usage: python scripts/po_fill.py locale/vi/LC_MESSAGES/django.po translations.json
Prints the msgids still untranslated afterwards.
"""

import json
import sys

import polib

po = polib.pofile(sys.argv[1])
table = json.load(open(sys.argv[2], encoding="utf-8"))
for entry in po:
    if entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
        entry.msgstr = table[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
po.save()
missing = [e.msgid for e in po if not e.msgstr and not e.obsolete]
print(f"{len(missing)} untranslated")
for m in missing:
    print(json.dumps(m, ensure_ascii=False))
