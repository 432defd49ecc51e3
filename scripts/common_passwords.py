"""Regenerate src/zhifa/identity/data/common_passwords.txt from zxcvbn's list of common passwords.

The list is the "passwords" frequency list shipped by the zxcvbn package (version 4.5.0, MIT licence;
most common first). Only entries the length rule lets through (≥ 10 characters) are kept, lower-cased,
in list order. Run with zxcvbn importable: `pip install zxcvbn==4.5.0` then
`python scripts/common_passwords.py`.
"""

from __future__ import annotations

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-not-found]

from zhifa.identity.passwords import MIN_LENGTH

TARGET = Path(__file__).resolve().parents[1] / "src/zhifa/identity/data/common_passwords.txt"


def main() -> None:
    """Write the file: a header comment, then one password per line."""
    seen: dict[str, None] = {}
    for word in FREQUENCY_LISTS["passwords"]:
        if len(word) >= MIN_LENGTH:
            seen.setdefault(word.lower(), None)
    header = "# zxcvbn 4.5.0 common passwords (MIT), entries of >= 10 characters; scripts/common_passwords.py\n"
    TARGET.write_text(header + "\n".join(seen) + "\n", encoding="utf-8")
    print(f"{len(seen)} passwords → {TARGET}")


if __name__ == "__main__":
    main()
