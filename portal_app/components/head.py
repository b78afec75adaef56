"""What every page's <head> carries, ordered for a slow phone.

Nothing in here may hold the first paint back but the stylesheet and one small inline
script that applies the device's display preferences (text size, contrast, language) before
anything is drawn, so a Spanish reader never sees English first. The
portal's own scripts come `defer`: they run as soon as the page is parsed, still before
React, so "Get help now" and "Quick exit" work even if the app never loads (steady.js applies
the preferences again and keeps them in step).
"""

from __future__ import annotations

import reflex as rx

# Kept in step with applyPrefs() and the feature marks at the end of assets/steady.js (which
# the plain offline pages load on their own). Marks that show or hide things go here too:
# set after the first paint, they would move the page under the reader's finger.
PREFS_BEFORE_PAINT = """(function () {
  var r = document.documentElement, P = {textSize: ["normal", "large", "larger"],
    contrast: ["normal", "high"], lang: ["en", "es"]};
  function g(n) { try { return localStorage.getItem("steady." + n); } catch (e) { return null; } }
  function p(n) { var v = g(n) || (n === "lang" ? g("clinicLang") : null);
    return P[n].indexOf(v) >= 0 ? v : P[n][0]; }
  function mark(n, on) { if (on) r.setAttribute(n, ""); }
  r.setAttribute("data-text-size", p("textSize"));
  r.setAttribute("data-contrast", p("contrast"));
  r.setAttribute("data-lang", p("lang"));
  r.setAttribute("lang", p("lang"));
  mark("data-prefs-chosen", g("prefsChosen"));
  mark("data-tour-done", g("tourDone"));
  mark("data-passkeys", window.PublicKeyCredential && window.isSecureContext);
  mark("data-offline", navigator.onLine === false);
  mark("data-speech", "speechSynthesis" in window);
})();"""

HEAD = [
    rx.el.meta(name="theme-color", content="#1d4e89"),
    rx.el.meta(name="color-scheme", content="light dark"),
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.link(rel="icon", href="/favicon.png", type="image/png"),
    rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
    # One stylesheet for every page (and the offline pages), fetched beside the page's own;
    # in each page instead, it made the offline copy of the site a third bigger.
    rx.el.link(rel="stylesheet", href="/steady.css"),
    # The clinic's own colours, served for the hostname the page came from (api/branding.py).
    rx.el.link(rel="stylesheet", href="/clinic.css"),
    # As is, not as text: React would escape its quotes (and the CSP hash is of these bytes).
    rx.el.script(custom_attrs={"dangerouslySetInnerHTML": {"__html": PREFS_BEFORE_PAINT}}),
    rx.el.script(src="/outbox.js", defer=True),
    rx.el.script(src="/steady.js", defer=True),
]
