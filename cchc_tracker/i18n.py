"""Compile locale/*/LC_MESSAGES/*.po into .mo files in pure Python.

`manage.py compilemessages` needs GNU gettext, which a fresh machine may lack; polib
writes the same binary catalogues. Run as `python -m cchc_tracker.i18n`. The test run
compiles the stale ones itself (tests/conftest.py), so a bare `pytest` on a fresh clone
passes.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, only_stale: bool = False) -> list[Path]:
    """Write each .po's .mo; with only_stale, only where the .mo is missing or older."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
