// Inside an embedded piece (/embed/...): tell the clinic's page how tall the piece is, so
// the frame fits it. Only a page the clinic listed may ask (its origin is in
// data-embed-origins, and it must be this frame's own parent); the answer goes to that
// origin only. Nothing is stored: no cookies, no storage.
(function () {
  "use strict";
  if (window.parent === window) return;
  var listed = (document.documentElement.getAttribute("data-embed-origins") || "")
    .split(/\s+/).filter(Boolean).concat([window.location.origin]);
  var asker = null;
  var last = 0;

  var main = document.querySelector("main");

  // The piece's own height, never the frame's: measuring the page would only ever grow.
  function contentHeight() {
    var style = getComputedStyle(document.body);
    var bottom = main ? main.getBoundingClientRect().bottom + window.scrollY : 0;
    return Math.ceil(bottom + parseFloat(style.paddingBottom) + parseFloat(style.marginBottom));
  }

  function tell() {
    if (!asker) return;
    var height = contentHeight();
    if (height === last) return;
    last = height;
    window.parent.postMessage({ steady: "size", height: height }, asker);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || listed.indexOf(event.origin) < 0) return;
    if (!data || data.steady !== "hello") return;
    asker = event.origin;
    last = 0;
    tell();
  });
  if ("ResizeObserver" in window && main) {
    new ResizeObserver(tell).observe(main);
  } else {
    window.addEventListener("resize", tell);
  }
  window.addEventListener("load", tell);
  // After sending the form: what to fix, or the thank-you, is brought to the reader (on a
  // phone the frame is taller than the screen, and the send button was at its bottom).
  var news = document.querySelector("[data-focus]");
  if (news) {
    news.focus();
    news.scrollIntoView({ block: "center" });
  }
})();
