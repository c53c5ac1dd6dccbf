"""Keeping a site free of requests to other hosts (the `offline` setting, on by default)."""
from __future__ import annotations

import logging
import re

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.mentorkit")

_EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def keep_offline(config: MkDocsConfig) -> None:
    """Readers of an intranet often have no internet: no page may load anything from another host.

    Drops external style sheets and scripts from the config, turns off the default theme's
    highlight.js (loaded from a CDN) and Material's Google Fonts, and drops the CDN shim that
    Material's offline plugin adds. Each change is logged; set `offline: false` to keep them.
    """
    for option in ("extra_css", "extra_javascript"):
        kept = [item for item in config[option] if not _EXTERNAL.match(str(item))]
        for item in config[option]:
            if _EXTERNAL.match(str(item)):
                log.warning(f"mentorkit: left out {option} '{item}': it would load from another host "
                            "(offline: true)")
        config[option][:] = kept
    polyfills = config.extra.get("polyfills") if hasattr(config.extra, "get") else None
    if polyfills:
        kept = [item for item in polyfills if not _EXTERNAL.match(str(item))]
        for item in polyfills:
            if _EXTERNAL.match(str(item)):
                log.info(f"mentorkit: left out the script '{item}' (added by Material's offline plugin): it would "
                         "load from another host. Put a local copy in extra.polyfills to search from file://")
        config.extra["polyfills"] = kept
    theme = config.theme
    if theme.name == "mkdocs" and theme.get("highlightjs"):
        log.info("mentorkit: turned off the theme's highlight.js, which loads from a CDN "
                 "(set theme.highlightjs: false to silence this)")
        theme["highlightjs"] = False
    if theme.name == "material" and theme.get("font") is not False:
        log.info("mentorkit: turned off Material's web fonts, which load from Google "
                 "(set theme.font: false to silence this)")
        theme["font"] = False
    analytics = theme.get("analytics") if hasattr(theme, "get") else None
    if isinstance(analytics, dict) and analytics.get("gtag"):
        log.warning("mentorkit: theme.analytics loads a script from Google; left out (offline: true)")
        analytics["gtag"] = None
