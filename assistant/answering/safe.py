"""Data text made safe where it is shown: inside answer Markdown (`inline_text`) and on a terminal
(`terminal_text`).

Deal titles, partner names, lessons, card lines and the user's own words are data: whatever they hold, an
answer must not load an image, run a script, open a `javascript:` link or break its table when a Markdown
renderer shows it. Only what a renderer would read as markup is escaped, so ordinary text ("A & B",
"a number > 0") passes unchanged and the page's own sanitiser (assistant.export.safe_markdown) has nothing
to show twice.
"""

from __future__ import annotations

import re

__all__ = ["inline_text", "terminal_text"]

# Right-to-left overrides and isolates reorder what is shown around them ("Trojan source"): never data.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # all but tab and newline
_TERMINAL_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window titles, hyperlinks
    r"|\x1b[@-Z\\-_]"  # the other two-character escapes
)
_SPACES = re.compile(r"\s+")
_ESCAPE_BEFORE_PUNCT = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # a backslash Markdown would read as an escape
_REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # &lt; &#60; &#x3c;: an & that would become a character
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # an HTML tag, comment or autolink starts like this
_LEADING_QUOTE = re.compile(r"^>")  # a blockquote when the text starts a line or a list item
_IMAGE = re.compile(r"!\[")
_LINK_NOT_WEB = re.compile(r"\]\((?!\s*(?:<|&lt;)?https?://)", re.IGNORECASE)
_SCRIPT_SCHEME = re.compile(
    r"(?<![A-Za-z])(?:javascript|vbscript|livescript)\s*(?=:)"
    r"|(?<![A-Za-z])data\s*(?=:\s*[a-z]+/)"  # data:text/html, data:image/svg+xml
    r"|(?<![A-Za-z])file\s*(?=:\s*/)",
    re.IGNORECASE,
)


def inline_text(text: object) -> str:
    """One piece of data text (a deal's partner or lesson, a card's step, the user's words) as it may stand
    inside answer Markdown, on one line and in a table cell: control characters dropped, line breaks and
    runs of spaces made one space; HTML tags and character references shown as text; `![` shown, never
    loaded; a link to anything but an http(s) address shown as text, its script scheme broken; `|` escaped
    so a table keeps its columns. Our own Markdown around it is not touched: call it on the data only."""
    s = _SPACES.sub(" ", _CONTROL.sub("", str(text or ""))).strip()
    s = _ESCAPE_BEFORE_PUNCT.sub(r"\\\\", s)  # first: the escapes added below stay escapes
    s = _REFERENCE.sub("&amp;", s)
    s = _TAG.sub("&lt;", s)
    s = _LEADING_QUOTE.sub("&gt;", s)
    s = _IMAGE.sub(r"!\\[", s)
    s = _LINK_NOT_WEB.sub(r"\\](", s)
    s = _SCRIPT_SCHEME.sub(lambda m: m.group().rstrip() + "\\", s)
    return s.replace("|", "\\|")


def terminal_text(text: object) -> str:
    """Text for the command line: escape sequences (colours, cursor moves, window titles) and every other
    control character removed, so data cannot rewrite the screen or hide lines; newlines and tabs kept,
    a Windows line end made a plain newline."""
    s = _TERMINAL_SEQUENCE.sub("", str(text or ""))
    return _CONTROL.sub("", s.replace("\r\n", "\n"))
