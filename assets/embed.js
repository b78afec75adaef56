/* Steady's loader for a clinic's website (optional, a few KB, stores nothing).
 *
 * Paste, where a piece should show:
 *   <a href="https://portal.example/embed/crisis?lang=en" data-steady-embed="crisis"
 *      data-lang="en">Crisis help</a>
 *   <script src="https://portal.example/embed.js" async></script>
 *
 * Each such link becomes a frame with the link's words as its title, in the chosen
 * language, as tall as the piece inside it. Without script, the link stays a link.
 * Size messages are taken only from our own frames, from the portal's origin.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  // Pasted once per piece: the first copy does the work for all of them.
  if (window.steadyEmbedLoaded) return;
  window.steadyEmbedLoaded = true;
  var portal = new URL(script.src).origin;
  var PIECES = ["crisis", "request", "reading", "sign-in"];
  var frames = [];

  function frameFor(link) {
    var piece = link.getAttribute("data-steady-embed");
    var address;
    try { address = new URL(link.href); } catch (e) { return null; }
    if (address.origin !== portal || PIECES.indexOf(piece) < 0) return null;
    if (address.pathname.indexOf("/embed/") !== 0) return null;
    var lang = link.getAttribute("data-lang");
    if (lang === "en" || lang === "es") address.searchParams.set("lang", lang);
    var frame = document.createElement("iframe");
    frame.src = address.href;
    frame.title = (link.textContent || piece).trim();
    if (lang) frame.lang = lang;
    frame.referrerPolicy = "no-referrer";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = "480px";
    frame.addEventListener("load", function () {
      frame.contentWindow.postMessage({ steady: "hello" }, portal);
    });
    return frame;
  }

  function start() {
    var links = document.querySelectorAll("a[data-steady-embed]");
    for (var i = 0; i < links.length; i++) {
      var frame = frameFor(links[i]);
      if (!frame) continue;
      links[i].parentNode.replaceChild(frame, links[i]);
      frames.push(frame);
    }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== portal || !data || data.steady !== "size") return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.max(80, Math.min(6000, Number(data.height) || 0));
        frames[i].style.height = height + "px";
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
