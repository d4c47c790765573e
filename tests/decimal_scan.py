"""What a reader sees of a page, and the numbers in it written with a decimal point.

Vietnamese writes 7,5 and groups thousands with a point (1.000). A number such as "0.5",
"2.00" or "0.75" on a Vietnamese page is an English number that slipped through. Text
that must keep its points is named here, each with its reason:

- criterion codes ("3.3", "3.3.1"): the decisions number their criteria so;
- thousands grouped with points ("1.000", "12.345,5"): how Vietnamese groups them;
- IP addresses ("127.0.0.1"): the sign-in log shows where an attempt came from;
- version numbers after "v" or "version" ("v4.12"): a program's name for its release.

Legal document numbers ("30/2020/NĐ-CP", "876/QĐ-BNV") and dates ("05/02/2024") have no
point and pass as they are.
"""

import re
from html.parser import HTMLParser

# Attributes a reader is given as text: tooltips, labels read aloud, image texts.
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
HIDDEN_ELEMENTS = {"script", "style", "template", "head"}

DOTTED_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.]*\d)")
THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
IP_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
VERSION_BEFORE = re.compile(r"(?:\bv|version|phiên bản)\s*$", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The page's text nodes and read attributes, scripts and styles left out."""
    parser = _Text()
    parser.feed(html)
    return parser.parts


def decimal_points(texts: list[str], *, codes: set[str]) -> list[str]:
    """Each number written with a decimal point, in its context, allowed text left out."""
    found = []
    for text in texts:
        for match in DOTTED_NUMBER.finditer(text):
            number = match.group()
            allowed = (
                number in codes
                or THOUSANDS.fullmatch(_with_decimals(text, match))
                or IP_ADDRESS.fullmatch(number)
                or VERSION_BEFORE.search(text[: match.start()])
            )
            if not allowed:
                found.append(
                    f"{number!r} in {text[max(0, match.start() - 40) : match.end() + 40]!r}"
                )
    return found


def _with_decimals(text: str, match: re.Match) -> str:
    """The number with a decimal comma part that follows it ("12.345" + ",5")."""
    tail = re.match(r",\d+", text[match.end() :])
    return match.group() + (tail.group() if tail else "")
