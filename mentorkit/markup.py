"""Plan text to safe HTML: Markdown without raw HTML, links and images limited to safe targets.

Plan content is untrusted. Raw HTML in it is shown as text (never live markup), `javascript:`
and other odd schemes are dropped, and images may only point at relative paths inside the
project: a plan must never make a reader's browser or WeasyPrint fetch from elsewhere.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import markdown

_ALLOWED_TAGS = {"p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
                 "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
_LINK_SCHEMES = {"http", "https", "mailto"}
_IMG = re.compile(r"<img\b[^>]*>")


def is_safe_link(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in _LINK_SCHEMES or scheme == ""


def is_local_relative(url: str) -> bool:
    """A path relative to the page, staying inside the project (no scheme, no root, no '..',
    also when percent-encoded: a browser and WeasyPrint decode '.%2e' to '..')."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    return (not parts.scheme and not parts.netloc and not path.startswith(("/", "\\"))
            and ".." not in re.split(r"[/\\]", path) and bool(path))


# The Markdown library is quadratic (or recursive) in a few inputs: every '[' scans the rest of the
# text for its ']', block-level elements rescan the blocks before them, and each list or quote
# marker at the start of a line nests one more level of recursion (about 500 crash the parser).
# These bounds keep any accepted text rendering in a few hundredths of a second (measured on
# adversarial inputs, see tests/plan/test_hostile_markdown.py) while the longest text of the example
# plans (about 1,000 characters, 18 lines, one '[') is far inside them.
MAX_TEXT_CHARS = 10_000  # about four printed pages; longer belongs on a guide page
MAX_TEXT_LINES = 500
MAX_BRACKET_WORK = 400_000  # '[' count x text length: 40 brackets in 10,000 characters, 400 in 1,000
MAX_PLAN_BRACKET_WORK = 2_000_000  # summed over a whole plan (the examples: at most 606)
MAX_NESTING_COLUMNS = 40  # leading indentation plus list and quote markers on one line, in columns
_LINE_PREFIX = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*")
# A line prefix wider than MAX_NESTING_COLUMNS has more than a quarter as many characters (a tab
# is at most 4 columns), all of them from _LINE_PREFIX's: a text with no such line start needs no
# line-by-line look (most texts: one search instead of a loop over lines)
_MAYBE_DEEP = re.compile(r"(?m)^[ \t>*+\-0-9.)]{%d}" % (MAX_NESTING_COLUMNS // 4 + 1))


def markdown_budget_problem(text: str) -> Optional[str]:
    """Why `text` is too costly to give to the Markdown parser, or None when it is fine.

    The one check of plan text: the plan rules apply it to every text field (so `validate` and
    `build` agree) and the renderers apply it again before calling the parser."""
    text = str(text)
    length = len(text)
    if length > MAX_TEXT_CHARS:
        return (f"this text is {length:,} characters long; a plan text may have at most {MAX_TEXT_CHARS:,} "
                "(move long text to a guide page and link to it)")
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        return (f"this text has {lines:,} lines; a plan text may have at most {MAX_TEXT_LINES} "
                "(move long text to a guide page and link to it)")
    brackets = text.count("[")
    if bracket_work(text) > MAX_BRACKET_WORK:
        return (f"this text has {brackets:,} '[' characters; a text of {length:,} characters may have at most "
                f"{MAX_BRACKET_WORK // length:,} (use fewer links or brackets, or split the text)")
    deepest, line_number = _deepest_line(text) if _MAYBE_DEEP.search(text) else (0, 1)
    if deepest > MAX_NESTING_COLUMNS:
        return (f"line {line_number} of this text is nested {deepest} columns deep (indentation, list and quote "
                f"markers); at most {MAX_NESTING_COLUMNS} are allowed (flatten the list or quote)")
    return None


def bracket_work(text: str) -> int:
    """How much scanning the Markdown parser does for '[' (each looks ahead for its ']'): about
    0.28 microseconds per unit."""
    return text.count("[") * len(text)


def _deepest_line(text: str) -> tuple[int, int]:
    """The widest run of indentation and list or quote markers that starts a line, and its line."""
    deepest, where = 0, 1
    for number, line in enumerate(text.split("\n"), 1):
        width = len(_LINE_PREFIX.match(line).group().expandtabs(4))
        if width > deepest:
            deepest, where = width, number
    return deepest, where


@lru_cache(maxsize=1)
def _converter() -> "markdown.Markdown":
    import markdown  # loaded with the first text rendered, not by `mentorkit validate`

    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML becomes text, escaped
    md.inlinePatterns.deregister("html")
    return md


def is_web_link(url: str) -> bool:
    """An address that means the same on every machine: http(s) or mail."""
    return urlsplit(url.strip()).scheme.lower() in _LINK_SCHEMES


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_local_relative(value) else None
    if tag == "a" and attribute == "href":
        return value if is_safe_link(value) else None
    return value


def _print_attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # In a PDF a relative link would become a file:// link into the machine that built it.
    if tag == "a" and attribute == "href":
        return value if is_web_link(value) else None
    return _attribute_filter(tag, attribute, value)


# Text with none of Markdown's or HTML's special characters renders to itself, escaped: most plan
# text is like that, and skipping the Markdown parser for it makes big programs build much faster.
_PLAIN_TEXT = re.compile(r"(?![-+#>=]|\d+[.)]\s)[^\n\\`*_\[\]<>&{}|~^$]*(?<!  )")


@lru_cache(maxsize=50_000)
def render_markdown(text: str | None, *, for_print: bool = False) -> Markup:
    """Block Markdown (paragraphs, lists, tables) as sanitized HTML; remembered, since plan text
    repeats across pages and workbooks. `for_print` keeps only web and mail links."""
    return _render_markdown_uncached(text, for_print)


def _render_markdown_uncached(text: str | None, for_print: bool = False) -> Markup:
    if not text:
        return Markup("")
    if markdown_budget_problem(text):  # validation refuses such text; if it gets here anyway, show it plain
        return Markup(f"<p>{html.escape(str(text), quote=False)}</p>")
    md = _converter()
    md.reset()
    converted = md.convert(str(text))
    import nh3

    clean = nh3.clean(converted, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, url_schemes=_LINK_SCHEMES,
                      attribute_filter=_print_attribute_filter if for_print else _attribute_filter,
                      link_rel="noopener noreferrer")
    # an <img> whose src was refused is left without one: show its alt text instead
    clean = _IMG.sub(lambda m: m.group(0) if " src=" in m.group(0) else _alt_text(m.group(0)), clean)
    return Markup(clean)


@lru_cache(maxsize=200_000)
def render_inline(text: str | None, *, for_print: bool = False) -> Markup:
    """One line of Markdown (emphasis, code, links) without the surrounding paragraph."""
    if text is None:
        return Markup("")
    text = str(text)
    if _PLAIN_TEXT.fullmatch(text) and text.strip() == text:
        return Markup(html.escape(text, quote=False))  # quotes stay, as the Markdown parser leaves them
    return render_inline_full(text, for_print=for_print)


def render_inline_full(text: str | None, *, for_print: bool = False) -> Markup:
    """render_inline through the Markdown parser every time (the reference for the fast path)."""
    out = str(_render_markdown_uncached(text, for_print))
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


def _alt_text(img_tag: str) -> str:
    match = re.search(r'alt="([^"]*)"', img_tag)
    return str(escape(Markup(match.group(1)).unescape())) if match else ""
