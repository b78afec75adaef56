/* The printable record's Print button (no inline script: the page's policy forbids it). */
document.addEventListener("click", function (event) {
  var target = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) window.print();
});
