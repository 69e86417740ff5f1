"""Small wording helpers shared by the explanations, the report and the command line."""
from __future__ import annotations


def counted(n: int | float, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the number it takes: "1 member", "2 members", "1,204 accounts".

    >>> counted(1, "member"), counted(0, "account"), counted(1204, "account"), counted(2, "family", "families")
    ('1 member', '0 accounts', '1,204 accounts', '2 families')
    """
    n = int(n)
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
