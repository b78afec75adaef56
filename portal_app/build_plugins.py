"""Build plugin: make the production build work offline.

After `npm run export` it (0) lets each page show before its scripts are fetched
(boot_after_first_paint), (1) renders /offline.html, /journal.html (the offline check-in) and
/safety-plan.html (the offline safety plan) from the content catalog, (2) writes the hashed
build file list and a build version into /sw.js for precaching, and (3) records each page's
inline scripts by their SHA-256 (build/csp-hashes.json, not served), so the Content-Security-
Policy allows exactly those and no other inline script (api/security.py).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from reflex_base.plugins.base import Plugin

from portal_app.server_rendered.journal_page import render_journal_page
from portal_app.server_rendered.offline_page import render_offline_page
from portal_app.server_rendered.safety_plan_page import render_safety_plan_page

PRECACHE_PLACEHOLDER = 'self.STEADY_PRECACHE = {"version": "dev", "urls": []};'
SHELL_FILES = (
    "/steady.js",
    "/steady.css",
    "/clinic.css",
    "/manifest.webmanifest",
    "/offline.html",
    "/journal.html",
    "/outbox.js",
    "/journal.js",
    "/safety-plan.html",
    "/safety_plan.js",
    "/favicon.png",
    "/icons.svg",
)
SKIP_SUFFIXES = (".gz", ".br", ".map")
CSP_HASHES_FILE = "csp-hashes.json"  # beside the served folder, not in it
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


SPA_FALLBACK_KEY = "/__spa-fallback.html"  # what the server answers for other addresses


def page_key(relative_file: str) -> str:
    """The address a prerendered file is served at: help/index.html at /help/, offline.html
    at /offline.html (the server sends /help on to /help/)."""
    return "/" + relative_file.removesuffix("index.html")


def inline_script_hashes(static_dir: Path) -> dict[str, list[str]]:
    """Each prerendered page's inline scripts, as CSP source expressions ('sha256-...')."""
    found: dict[str, list[str]] = {}
    for page in sorted(static_dir.rglob("*.html")):
        scripts = INLINE_SCRIPT.findall(page.read_text(encoding="utf-8"))
        digests = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in scripts
        }
        found[page_key(page.relative_to(static_dir).as_posix())] = sorted(digests)
    return found


def page_routes(static_dir: Path) -> list[str]:
    """Every prerendered page, as the route a browser navigates to."""
    routes = []
    for index in sorted(static_dir.rglob("index.html")):
        relative = index.parent.relative_to(static_dir).as_posix()
        if relative.startswith(("assets", "404")):
            continue
        # The server redirects /help to /help/, and a cached redirect cannot answer a navigation.
        routes.append("/" if relative == "." else f"/{relative}/")
    return routes


def precache_urls(static_dir: Path) -> list[str]:
    assets = [
        "/" + path.relative_to(static_dir).as_posix()
        for path in sorted((static_dir / "assets").rglob("*"))
        if path.is_file() and not path.name.endswith(SKIP_SUFFIXES)
    ]
    icons = ["/icons/" + p.name for p in sorted((static_dir / "icons").glob("*.png"))]
    return [*page_routes(static_dir), *SHELL_FILES, *icons, *assets]


def build_version(static_dir: Path, urls: list[str]) -> str:
    """Changes whenever any precached file changes, so clients pick up the new build."""
    digest = hashlib.sha256()
    for url in urls:
        path = static_dir / url.lstrip("/")
        target = path / "index.html" if path.is_dir() else path
        digest.update(url.encode())
        if target.is_file():
            digest.update(target.read_bytes())
    return digest.hexdigest()[:16]


PRELOAD = re.compile(r'<link rel="modulepreload"[^>]*? href="(/assets/[^"]+\.js)"[^>]*/>')
BOOT = re.compile(r'<script type="module" async="">(import "/assets/.*?)</script>', re.S)
STATIC_IMPORT = re.compile(r'^import (?:\* as (\w+) from )?("/assets/[^"]+\.js");$', re.M)
# The frame after the words are on screen (or a moment, where a hidden tab draws no frames).
AFTER_FIRST_PAINT = (
    "await new Promise(function (go) {"
    " requestAnimationFrame(function () { setTimeout(go, 0); }); setTimeout(go, 250); });\n"
)


def boot_after_first_paint(html: str) -> str:
    """React Router's start-up script, changed to begin fetching the app's modules once the
    prerendered page is on screen, all at once (the same module preloads, made then).

    The page is readable and "Get help now" works before any module runs, so on a slow
    phone network the words need not wait behind 180 KB of script; the app still loads
    right after, in parallel, and starts exactly as before."""
    boot = BOOT.search(html)
    if boot is None:
        return html
    preloads = PRELOAD.findall(html)
    code = boot.group(1)
    imports = STATIC_IMPORT.findall(code)
    rest = STATIC_IMPORT.sub("", code).strip()
    side_effects = [url for name, url in imports if not name]
    named = [(name, url) for name, url in imports if name]
    lines = [
        AFTER_FIRST_PAINT,
        f"{json.dumps(preloads)}.forEach(function (href) {{ var link = "
        'document.createElement("link"); link.rel = "modulepreload"; link.href = href; '
        "document.head.appendChild(link); });\n",
        *(f"await import({url});\n" for url in side_effects),
        f"const [{', '.join(n for n, _ in named)}] = await Promise.all("
        f"[{', '.join(f'import({url})' for _, url in named)}]);\n",
        rest,
    ]
    html = html[: boot.start(1)] + "".join(lines) + html[boot.end(1) :]
    return PRELOAD.sub("", html)


def scripts_after_first_paint(static_dir: Path) -> int:
    """Every prerendered page, started by boot_after_first_paint. Returns the pages changed."""
    changed = 0
    for page in sorted(static_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        started = boot_after_first_paint(html)
        if started != html:
            write_with_gzip(page, started)
            changed += 1
    return changed


def write_with_gzip(path: Path, content: str) -> None:
    """Write a file and its .gz twin (the static server prefers the precompressed one)."""
    path.write_text(content, encoding="utf-8")
    gz = path.with_name(path.name + ".gz")
    gz.write_bytes(gzip.compress(content.encode("utf-8"), mtime=0))


class PwaPlugin(Plugin):
    def post_build(self, **context: Any) -> None:
        static_dir: Path = context["static_dir"]
        scripts_after_first_paint(static_dir)
        write_with_gzip(static_dir / "offline.html", render_offline_page())
        write_with_gzip(static_dir / "journal.html", render_journal_page())
        write_with_gzip(static_dir / "safety-plan.html", render_safety_plan_page())
        urls = precache_urls(static_dir)
        manifest = {"version": build_version(static_dir, urls), "urls": urls}
        worker = static_dir / "sw.js"
        source = worker.read_text(encoding="utf-8")
        if PRECACHE_PLACEHOLDER not in source:
            raise RuntimeError("sw.js lost its precache placeholder line")
        replacement = f"self.STEADY_PRECACHE = {json.dumps(manifest)};"
        write_with_gzip(worker, source.replace(PRECACHE_PLACEHOLDER, replacement))
        hashes = json.dumps(inline_script_hashes(static_dir), indent=0)
        (static_dir.parent / CSP_HASHES_FILE).write_text(hashes, encoding="utf-8")
