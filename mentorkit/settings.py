"""The project around the plans: mkdocs.yml and its `mentorkit` plugin settings."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import yaml

CONFIG_NAME = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags (Material uses them): read them as plain
    values, never construct them; we only need our own section."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_config(start: Path | None = None) -> Optional[Path]:
    candidate = (start or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def plugin_settings(config: Path) -> dict[str, Any]:
    """The `mentorkit:` settings under `plugins:` in mkdocs.yml ({} when absent or unreadable)."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):  # mkdocs also accepts plugins as a mapping
        plugins = [plugins]
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("mentorkit"), dict):
            return entry["mentorkit"]
    return {}


def default_plans_folder(cwd: Path | None = None) -> Path:
    """The plans folder from mkdocs.yml (relative to it), else ./plans."""
    cwd = cwd or Path.cwd()
    config = find_config(cwd)
    if config is not None:
        plans = plugin_settings(config).get("plans")
        if isinstance(plans, str) and plans:
            return Path(plans)
    return Path("plans")
