"""Description text: XML-doc markup and HTML normalised to plain Markdown-ish text.

The result is still untrusted text: every generator escapes it where it is written.
"""

from __future__ import annotations

import html
import re

REQUIRED_MARK = re.compile(r"\s*\*\*Required\*\*\s*")
_PARAGRAPH = re.compile(r"<\s*/?\s*para\s*/?\s*>", re.IGNORECASE)
_SEE = re.compile(
    r"<see\s+cref\s*=\s*\"(?:[A-Z!]:)?([^\"]*)\"\s*>(.*?)</see\s*>", re.IGNORECASE | re.DOTALL
)
_SEE_EMPTY = re.compile(r"<see\s+cref\s*=\s*\"(?:[A-Z!]:)?([^\"]*)\"\s*/>", re.IGNORECASE)
_LINK = re.compile(r"<a\s+href\s*=\s*\"([^\"]*)\"[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<\s*li\s*>", re.IGNORECASE)
_DROPPED_TAG = re.compile(
    r"<\s*/?\s*(?:ul|ol|li|c|code|b|i|em|strong|remarks|summary|p)\s*/?\s*>", re.IGNORECASE
)
_MEMBER_REFERENCE = re.compile(r"\{((?:[A-Za-z_][\w]*\.)+([A-Za-z_]\w*))\}")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def last_segment(dotted: str) -> str:
    return dotted.rstrip(".").rsplit(".", 1)[-1]


def unescape(text: str) -> str:
    """HTML entities decoded, twice when the doc escaped them twice (`&amp;apos;`)."""
    once = html.unescape(text)
    return html.unescape(once) if re.search(r"&#?\w+;", once) else once


def normalise(text: str) -> str:
    """Doc markup to readable text: <para> breaks paragraphs, <see>/{Ns.Member} keep their name.

    Entities are decoded first: some docs escape the markup itself (`&lt;para/&gt;`).
    """
    text = unescape(REQUIRED_MARK.sub(" ", text))
    text = _SEE.sub(lambda match: match.group(2).strip() or last_segment(match.group(1)), text)
    text = _SEE_EMPTY.sub(lambda match: last_segment(match.group(1)), text)
    text = _LINK.sub(lambda match: f"[{match.group(2).strip()}]({match.group(1)})", text)
    text = _MEMBER_REFERENCE.sub(lambda match: match.group(2), text)
    text = _PARAGRAPH.sub("\n\n", text)
    text = _BREAK.sub("\n", text)
    text = _LIST_ITEM.sub("\n- ", text)
    text = _DROPPED_TAG.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def strip_required(text: str) -> tuple[str, bool]:
    """A cell's text without its `**Required**` marker, and whether it had one."""
    if not REQUIRED_MARK.search(text):
        return text.strip(), False
    return REQUIRED_MARK.sub(" ", text).strip(), True


def backticked(text: str) -> tuple[str, ...]:
    """The backticked items of a cell, e.g. the media types of a Content-Type row."""
    return tuple(item.strip() for item in re.findall(r"`([^`]+)`", text) if item.strip())
