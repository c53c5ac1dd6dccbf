"""The languages a program runs in: gettext catalogs (compiled by Babel) and the language in force.

Labels and template text are English msgids, translated through the catalog of the language in
force: `speaking("de")` makes it German for the code inside (a context variable, so threads and
the processes of a workbook batch each have their own). Python code marks text with `_()` (or
`N_()` where it is only stored, translated when read); templates use Jinja's i18n extension,
installed with `ACTIVE` (`install_gettext_translations(ACTIVE, newstyle=True)`).

The catalogs live beside this file, `<lang>/LC_MESSAGES/mentorkit.po` with its compiled `.mo`:
README ("Adding a language") gives the four `pybabel` commands that keep them.
"""
from __future__ import annotations

import difflib
import gettext as _gettext
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Iterator

DOMAIN = "mentorkit"
LOCALE_DIR = Path(__file__).parent
DEFAULT = "en"
SUPPORTED = ("en", "de", "fr", "es")  # a catalog for each but English, whose msgids are the text
# A tag's region or script (de-AT, fr-CA, es-MX) picks the catalog of its language; the dates and
# numbers follow the whole tag (English keeps the patterns of view/text.py whatever its region).
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_current: ContextVar[str] = ContextVar("mentorkit_language", default=DEFAULT)


def N_(message: str) -> str:
    """Marks text for the catalog without translating it (translated where it is read)."""
    return message


def check_language(value: object) -> str:
    """A BCP 47 tag mentorkit has a catalog for, as written ('de', 'de-AT', 'fr-CA'); raises
    ValueError saying which tags are supported, with a suggestion when one is close."""
    supported = ", ".join(SUPPORTED)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a language tag such as 'de' (supported: {supported})")
    tag = value.strip()
    base = tag.replace("_", "-").split("-")[0].lower()
    if _TAG.fullmatch(tag.replace("_", "-")) and base in SUPPORTED:
        if "_" in tag:
            raise ValueError(f"'{tag}' is written with '_'; a language tag uses '-': did you mean "
                             f"'{tag.replace('_', '-')}'?")
        try:
            babel_locale(tag)
        except ValueError:
            raise ValueError(f"'{tag}' is not a language and region Babel knows; did you mean '{base}'?") from None
        return tag
    hint = _suggestion(tag)
    known = _language_name(base) if _TAG.fullmatch(tag) else None
    if known:
        return_text = f"{known} ('{base}') has no catalog in mentorkit yet (supported: {supported}; README: Adding a language)"
        raise ValueError(return_text)
    raise ValueError(f"'{tag}' is not a supported language tag{f'; did you mean {hint!r}?' if hint else ''} "
                     f"(supported: {supported})")


def _suggestion(text: str) -> str | None:
    """The supported tag a mistyped tag or a language's name ('German', 'Deutsch') stands for."""
    from babel import Locale

    lowered = text.lower()
    names = {}
    for tag in SUPPORTED:
        locale = Locale.parse(tag)
        for name in (locale.english_name, locale.display_name, locale.get_display_name("fr"),
                     locale.get_display_name("es"), locale.get_display_name("de")):
            names[name.lower()] = tag
    for iso3 in {"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es"}.items():
        names[iso3[0]] = iso3[1]
    if lowered in names:
        return names[lowered]
    close = difflib.get_close_matches(lowered, [*SUPPORTED, *names], n=1, cutoff=0.6)
    return (close[0] if close[0] in SUPPORTED else names[close[0]]) if close else None


def _language_name(code: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).english_name
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=None)
def babel_locale(language: str):
    """The Babel locale dates and numbers are written in for a language tag."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(str(exc)) from None


def catalog_language(language: str) -> str:
    """The catalog a tag reads: its language subtag ('de-AT' -> 'de')."""
    return language.split("-")[0].lower()


@lru_cache(maxsize=None)
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of a language (English: the msgids themselves)."""
    code = catalog_language(language)
    if code == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[code])


def current() -> str:
    """The language in force (a BCP 47 tag)."""
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Everything inside is said in `language` (None: keep the one in force)."""
    if language is None:
        yield current()
        return
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` in the language in force."""
    return translations(current()).gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a count's text for `n` in the language in force ('1 meeting', '12 meetings')."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current()).npgettext(context, singular, plural, n)


class _Active:
    """The catalog of whichever language is in force, for Jinja's i18n extension: one template
    environment serves every language."""

    gettext = staticmethod(_)
    ngettext = staticmethod(ngettext)
    pgettext = staticmethod(pgettext)
    npgettext = staticmethod(npgettext)


ACTIVE = _Active()


def install(environment) -> None:
    """Jinja's i18n extension on `environment`, speaking the language in force."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(ACTIVE, newstyle=True)
