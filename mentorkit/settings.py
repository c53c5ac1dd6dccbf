"""The settings of a program, read once from mkdocs.yml through MkDocs' own config machinery.

`MentorkitConfig` declares mentorkit's settings (the `mentorkit:` entry under `plugins:`) once;
MkDocs validates them, with `!ENV` and every other MkDocs rule, both under `mkdocs build` and
under every `mentorkit` command. `Settings` is the typed result every stage reads, and command
line flags override its fields. A setting MkDocs refuses becomes a `SettingsError` located at
its key in mkdocs.yml.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional
from urllib.parse import urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from .diagnostics import Diagnostic, MentorkitError, display_path
from .locale import DEFAULT as DEFAULT_LANGUAGE
from .plan.loading import CONFIG_NAME
from .themes import Branding, Theme
from .view.privacy import DEFAULT_THRESHOLD, LEVELS as PAIR_LEVELS
from .workbook.paper import PAPER_NAMES as PAPERS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "mentorkit"
CACHE_DIR = Path(".cache") / "mentorkit"  # under the project, beside mkdocs.yml

_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]+\)|[a-zA-Z]{3,30}")


class CssColor(c.Type):
    """A CSS colour: #hex, rgb()/hsl() or a colour name. Nothing else reaches the style sheet."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value).strip()
        if not _COLOR.fullmatch(value):
            raise c.ValidationError(f"'{value}' is not a CSS colour; write it like \"#0b6e4f\" or \"teal\"")
        return value


class LanguageTag(c.Type):
    """A BCP 47 tag mentorkit has a catalog for (`locale.SUPPORTED`); a suggestion otherwise."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: Any) -> str:
        from .locale import check_language

        try:
            return check_language(super().run_validation(value))
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from None


class ReportDay(c.BaseConfigOption):
    """The day a site's report counts to: a date (YYYY-MM-DD); unset, the end of the last whole month."""

    def run_validation(self, value: Any) -> Optional[dt.date]:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise c.ValidationError(f"'{value}' is not a date; write YYYY-MM-DD, or leave it out for the end of "
                                        "the last whole month") from None
        if not isinstance(value, dt.date):
            raise c.ValidationError("write a date, YYYY-MM-DD")
        return value


class ReportThreshold(c.Type):
    """The smallest number of pairs a report figure may be computed over (a whole number, 1 or more)."""

    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value: Any) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < 1:
            raise c.ValidationError(f"{value} is not a number of pairs; write a whole number, 1 or more (default {self.default})")
        return value


class RosterColumns(c.Type):
    """How a roster's columns are headed in an HR system's export: {its header: mentorkit's column}
    ({Employee: mentee, "Start Date": start}). Each column is one mentorkit knows."""

    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value: Any) -> dict:
        from .roster.pairs import COLUMNS  # the roster stage loads only when the setting is used

        value = super().run_validation(value)
        problems = []
        for header, column in value.items():
            if not isinstance(header, str) or not header.strip():
                problems.append(f"{header!r} is not a column header; write the header as the roster's first line has it")
            elif not isinstance(column, str) or column.strip().lower() not in COLUMNS:
                close = difflib.get_close_matches(str(column).strip().lower(), COLUMNS, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append(f"'{header}' maps to '{column}', which is no roster column ({hint}the columns: "
                                f"{', '.join(COLUMNS)})")
        if problems:
            raise c.ValidationError("; ".join(problems))
        return {header.strip(): column.strip().lower() for header, column in value.items()}


class Capacity(c.Type):
    """How many pairs a mentor takes at most (a whole number, 1 or more)."""

    def __init__(self):
        super().__init__(int)

    def run_validation(self, value: Any) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < 1:
            raise c.ValidationError(f"{value} is not a number of pairs; write a whole number, 1 or more")
        return value


_DOMAIN = re.compile(r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")


class CalendarDomain(c.Type):
    """The organisation's domain in calendar event UIDs (mentoring.example.org)."""

    def __init__(self):
        super().__init__(str)

    def run_validation(self, value: Any) -> str:
        value = super().run_validation(value).strip().lower()
        if not _DOMAIN.fullmatch(value):
            raise c.ValidationError(f"'{value}' is not a domain name; write your organisation's, e.g. "
                                    "mentoring.example.org")
        return value


class MentorkitConfig(base.Config):
    """The `mentorkit:` settings under `plugins:` in mkdocs.yml; paths are relative to mkdocs.yml."""
    plans = c.Dir(exists=True, default="plans")
    theme = c.Optional(c.Dir(exists=True))
    paper = c.Choice(PAPERS, default="a4")
    workbooks = c.Type(bool, default=False)
    logo = c.Optional(c.File(exists=True))
    primary_color = c.Optional(CssColor())
    offline = c.Type(bool, default=True)
    # How much of pair plans (plans with a `pair`) the site shows: hidden | listed | full.
    pairs = c.Choice(PAIR_LEVELS, default="hidden")
    # A "Program report" page for every program plan (numbers only, whatever `pairs` says).
    report = c.Type(bool, default=False)
    report_threshold = ReportThreshold(default=DEFAULT_THRESHOLD)
    # The day the site's report counts to (YYYY-MM-DD): a report published as of a month's end, or a
    # site whose pages must not change with the day it is built; default: the end of the last whole month.
    report_as_of = ReportDay()
    # The program's language (BCP 47: en, de, fr, es): site, workbooks, calendars, report; a plan's
    # own `language` (a pair's, a roster's column) wins for that plan.
    language = LanguageTag(default=DEFAULT_LANGUAGE)
    # A roster's columns as an HR export heads them: {Employee: mentee, ...} (`mentorkit roster`).
    roster_columns = RosterColumns()
    # Pairs a mentor takes at most, unless the roster's capacity column says (more: a warning).
    mentor_capacity = c.Optional(Capacity())
    # The organisation's domain in calendar event UIDs (default: the host and path of site_url).
    calendar_domain = c.Optional(CalendarDomain())

    def validate(self):
        """Every bad setting at once: MkDocs stops at the first one of a config (its options may
        depend on each other; these do not), so a user would fix them one run at a time."""
        failed, warnings = [], []
        schema = base.get_schema(type(self))
        for key, option in schema:
            try:
                option.pre_validation(self, key)
                self[key] = option.validate(self.get(key))
                option.post_validation(self, key)
                warnings.extend((key, w) for w in option.warnings)
                option.reset_warnings()
            except c.ValidationError as exc:
                failed.append((key, exc))
        unknown = sorted(set(self.keys()) - {key for key, _ in schema})
        warnings.extend((key, f"Unrecognised configuration name: {key}") for key in unknown)
        return failed, warnings


class SettingsError(MentorkitError):
    """mkdocs.yml holds a setting that cannot be used."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the commands, the plugin and the workbooks need to know about a program.

    A new setting is one option in MentorkitConfig, with its default, and a field of the same
    name here (with none: `defaults` reads MentorkitConfig's)."""
    project_root: Path  # the folder of mkdocs.yml (else the working folder)
    config_file: Optional[Path]  # None: no mkdocs.yml, defaults apply
    plans: Path
    theme: Theme
    paper: str
    workbooks: bool
    logo: Optional[Path]
    primary_color: Optional[str]
    offline: bool
    pairs: str
    report: bool
    report_threshold: int
    report_as_of: Optional[dt.date]
    language: str
    roster_columns: Mapping[str, str]
    mentor_capacity: Optional[int]
    calendar_domain: Optional[str]
    site_dir: Optional[Path] = None
    docs_dir: Optional[Path] = None
    site_name: str = ""
    site_url: str = ""
    use_directory_urls: bool = True
    has_plugin: bool = False  # mkdocs.yml lists the mentorkit plugin
    warnings: tuple[Diagnostic, ...] = ()  # what MkDocs warned about in mkdocs.yml, located
    # Flags of the command line, kept so that a `mentorkit serve` rebuild (MkDocs reads
    # mkdocs.yml again) applies them again: see `from_mkdocs`.
    overrides: Mapping[str, Any] = field(default_factory=dict)
    mkdocs: Optional["MkDocsConfig"] = field(default=None, compare=False, repr=False)

    @property
    def branding(self) -> Branding:
        return Branding(self.logo, self.primary_color)

    @property
    def uid_domain(self) -> str:
        """The domain of calendar event UIDs: `calendar_domain`, else the site's host and path
        (intranet.example.org/mentoring), else one no organisation has (ics.DEFAULT_DOMAIN)."""
        if self.calendar_domain:
            return self.calendar_domain
        url = urlsplit(self.site_url or "")
        if url.hostname:
            path = url.path.strip("/")
            return url.hostname + (f"/{path}" if path else "")
        from .ics.events import DEFAULT_DOMAIN

        return DEFAULT_DOMAIN

    @property
    def cache_dir(self) -> Path:
        """mentorkit's cache under the project (workbooks made by earlier builds)."""
        return self.project_root / CACHE_DIR

    def override(self, **flags: Any) -> "Settings":
        """These settings with the flags given (None: not given) in place of mkdocs.yml's values."""
        given = {name: value for name, value in flags.items() if value is not None}
        unknown = set(given) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"not a setting: {', '.join(sorted(unknown))}")
        if not given:
            return self
        values = dict(given)
        if isinstance(values.get("theme"), (str, Path)):
            values["theme"] = Theme(Path(values["theme"]))
        for name in ("plans", "site_dir", "docs_dir", "logo"):
            if isinstance(values.get(name), str):
                values[name] = Path(values[name])
        return dataclasses.replace(self, **values, overrides={**self.overrides, **given})

    @classmethod
    def defaults(cls, folder: Optional[Path] = None) -> "Settings":
        """The settings of a folder without mkdocs.yml."""
        folder = (folder or Path.cwd()).resolve()
        values = {key: _typed(key, option.default) for key, option in base.get_schema(MentorkitConfig)}
        values["plans"] = folder / values["plans"]  # MkDocs reads it relative to mkdocs.yml's folder
        return cls(project_root=folder, config_file=None, site_dir=folder / "site", docs_dir=folder / "docs",
                   **values)

    @classmethod
    def from_mkdocs(cls, config: "MkDocsConfig", plugin_config: Optional[MentorkitConfig] = None, *,
                    overrides: Optional[Mapping[str, Any]] = None,
                    warnings: tuple[Diagnostic, ...] = ()) -> "Settings":
        """The settings of a validated MkDocs config (and the plugin's validated config)."""
        config_file = Path(config.config_file_path).resolve() if config.config_file_path else None
        root = config_file.parent if config_file else Path.cwd().resolve()
        values: dict[str, Any] = dict(
            site_dir=Path(config.site_dir), docs_dir=Path(config.docs_dir), site_name=config.site_name or "",
            site_url=config.site_url or "",
            use_directory_urls=bool(config.use_directory_urls), has_plugin=plugin_config is not None,
            warnings=tuple(warnings), mkdocs=config)
        if plugin_config is not None:  # each setting of MentorkitConfig is a field of the same name
            values.update({key: _typed(key, plugin_config[key]) for key, _ in base.get_schema(MentorkitConfig)})
        defaults = cls.defaults(root)
        return dataclasses.replace(defaults, config_file=config_file, **values).override(**(overrides or {}))


def _typed(key: str, value: Any) -> Any:
    """A validated MkDocs value as Settings holds it: folders and files as Paths, the theme as a Theme."""
    if key == "theme":
        return Theme(Path(value)) if value else Theme()
    if key in ("plans", "logo"):
        return Path(value) if value else None
    return value


def find_config(start: Path | None = None) -> Optional[Path]:
    candidate = (start or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_settings(config_file: Optional[Path] = None, *, strict: bool = False,
                  require_plugin: bool = False, **overrides: Any) -> Settings:
    """The settings of the program: mkdocs.yml (`config_file`, else ./mkdocs.yml) read once by
    MkDocs, then the command line's flags (`overrides`; None means not given).

    Without mkdocs.yml the defaults apply. Raises SettingsError, located at the key in
    mkdocs.yml, for any setting MkDocs refuses (and, with `strict`, for any it warns about).
    """
    path = Path(config_file) if config_file is not None else find_config()
    if path is None:
        return Settings.defaults().override(**overrides)
    config, warnings = _load_mkdocs_config(path, strict=strict)
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None and require_plugin:
        line, column = _position(path, ["plugins"]) or (1, 1)
        raise SettingsError.at(path, f"add '{PLUGIN_NAME}' under 'plugins:' (for example: plugins: [search, "
                                     f"{PLUGIN_NAME}])", line, column)
    return Settings.from_mkdocs(config, plugin.config if plugin is not None else None,
                                overrides=overrides, warnings=warnings)


# ---------------------------------------------------------------- MkDocs' messages, located


class _Collect(logging.Handler):
    """MkDocs logs each bad setting, then raises Abort with no detail: keep the records."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _load_mkdocs_config(path: Path, *, strict: bool) -> tuple["MkDocsConfig", tuple[Diagnostic, ...]]:
    from mkdocs import exceptions
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs.config")
    collect, propagate = _Collect(), logger.propagate
    logger.addHandler(collect)
    logger.propagate = False  # the messages are printed once, located, by the caller
    try:
        config = load_config(config_file=str(path), strict=strict)
    except exceptions.ConfigurationError as exc:  # mkdocs.yml is not YAML, or not a mapping
        raise _syntax_error(path, exc) from None
    except exceptions.Abort:
        records = [r for r in collect.records if r.levelno >= logging.ERROR or strict]
        raise SettingsError(_locate(path, [r.getMessage() for r in records], "error")
                            or [_at(path, "error", "mkdocs.yml cannot be used")]) from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    warnings = _locate(path, [r.getMessage() for r in collect.records if r.levelno == logging.WARNING], "warning")
    return config, tuple(warnings)


def _at(path: Path, severity: str, message: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(display_path(path), line, column, severity, message)


_CONFIG_VALUE = re.compile(r"^Config value '(?P<key>[^']+)': (?P<rest>.*)$", re.S)
_PLUGIN_OPTION = re.compile(r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': ")
_PLUGIN = re.compile(r"for the '(?P<plugin>[^']+)' plugin")
_YAML_MARK = re.compile(r'\s+in "[^"]*", line \d+, column \d+')


def _locate(path: Path, messages: list[str], severity: str) -> list[Diagnostic]:
    """MkDocs' messages ("Config value 'plugins': Plugin 'mentorkit' option 'paper': ...") at the
    line and column of the key they are about."""
    found = []
    for message in messages:
        match = _CONFIG_VALUE.match(message)
        if not match:
            found.append(_at(path, severity, message))
            continue
        key, rest = match["key"], match["rest"]
        for part in rest.split("\n") if key == "plugins" else [rest]:
            keys = [key]
            option, plugin = _PLUGIN_OPTION.match(part), _PLUGIN.search(part)
            if option:
                keys += [option["plugin"], option["option"]]
            elif plugin:
                keys.append(plugin["plugin"])
            line, column = _position(path, keys) or (1, 1)
            text = f"Config value '{key}': {part}" if key == "plugins" and part != rest else message
            found.append(_at(path, severity, text, line, column))
    return found


def _syntax_error(path: Path, exc: Exception) -> SettingsError:
    cause = exc.__cause__ or exc.__context__
    mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
    if mark is None:
        try:
            yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as yaml_error:
            mark = yaml_error.problem_mark or yaml_error.context_mark
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            pass
    message = _YAML_MARK.sub("", str(exc)).replace("\n", " ")  # the place is printed in front
    if mark is None:
        return SettingsError.at(path, message)
    return SettingsError.at(path, message, mark.line + 1, mark.column + 1)


def _position(path: Path, keys: list[str]) -> Optional[tuple[int, int]]:
    """The line and column of the deepest of `keys` found in mkdocs.yml (1-based), for messages
    only: the YAML is composed into nodes and never constructed, so tags such as !ENV do not matter."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    found = None
    for key in keys:
        key_node, value = next(_entries(node, key), (None, None))
        if key_node is None:
            break
        found, node = key_node, value
    return (found.start_mark.line + 1, found.start_mark.column + 1) if found is not None else None


def _entries(node: Any, key: str) -> Iterator[tuple[yaml.Node, Optional[yaml.Node]]]:
    """(key node, value node) of `key` in a mapping; in a list (as `plugins:` usually is), the
    item naming it, alone (`- search`) or as a one-key mapping (`- mentorkit: {...}`)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                yield key_node, value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == key:
                yield item, None
            else:
                yield from _entries(item, key)
