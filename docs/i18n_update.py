"""Refresh the message catalogues after UI strings changed: extract, update, fill in translations, compile.

    .venv/bin/python docs/i18n_update.py [course/translations/pending/*.json ...]

The Polish catalogue holds only the plural forms (msgids are Polish; gettext falls back to them).
Each JSON file maps a Polish msgid to its English text, or for plural forms
``{"singular": {"plural": "plural msgid", "en": ["one", "other"], "pl": ["one", "few", "many"]}}``. Entries that pybabel marked fuzzy
(a changed msgid) or left empty are filled from those files; the script prints what is still untranslated
(``tests/web/test_i18n.py`` fails while anything is) and exits 1 if anything is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "course" / "translations"
POT = TRANSLATIONS / "messages.pot"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load_pending(paths: list[Path]) -> dict:
    pending: dict = {}
    for path in paths:
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(value, dict) and isinstance(pending.get(key), dict):
                value = {**pending[key], **value}  # the English and the Polish plural forms may come from two files
            pending[key] = value
    return pending


def fill(po_path: Path, locale: str, pending: dict) -> list[str]:
    """Fill ``locale``'s entries from ``pending``; return the untranslated ones (Polish: only plurals need text)."""
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        given = pending.get(key)
        if locale == "pl":
            if isinstance(message.id, tuple) and isinstance(given, dict) and "pl" in given:
                message.string = tuple(given["pl"])
                message.flags.discard("fuzzy")
            elif isinstance(message.id, tuple) and (message.fuzzy or not all(message.string)):
                missing.append(key)
            elif message.fuzzy:
                message.string = ""
                message.flags.discard("fuzzy")
            continue
        if isinstance(given, dict) and locale not in given:
            given = None
        if given is not None:
            if isinstance(message.id, tuple):
                message.string = tuple(given[locale]) if isinstance(given, dict) else (given, given)
            else:
                message.string = given if isinstance(given, str) else given[locale][0]
            message.flags.discard("fuzzy")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(key)
    with po_path.open("wb") as f:
        write_po(f, catalog, width=0, sort_by_file=True)
    return missing


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((TRANSLATIONS / "pending").glob("*.json"))
    pending = load_pending(paths)
    pybabel("extract", "-F", "babel.cfg", "-o", str(POT.relative_to(ROOT)), "--sort-by-file", "--no-wrap", ".")
    pot, directory = str(POT.relative_to(ROOT)), str(TRANSLATIONS.relative_to(ROOT))
    if not (TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").exists():
        pybabel("init", "-i", pot, "-d", directory, "-l", "pl", "--no-wrap")  # Polish plural forms (3)
    pybabel("update", "-i", pot, "-d", directory, "--no-wrap")
    missing = []
    for locale in ("en", "pl"):
        missing += [f"{locale}: {key}" for key in fill(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale, pending)]
    pybabel("compile", "-d", str(TRANSLATIONS.relative_to(ROOT)))
    for key in missing:
        print(f"untranslated {key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
