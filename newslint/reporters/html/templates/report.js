// Links into a closed article open it; the place a link points to is outlined.
(function () {
  "use strict";
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var inner = el.classList.contains("article") ? el.querySelector("details") : null;
    for (var d = inner || el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
    document.querySelectorAll('[data-t~="' + id + '"], [data-f~="' + id + '"]').forEach(function (e) {
      e.classList.add("active");
    });
  }
  function fromHash() {
    if (location.hash.length > 1) {
      var id = decodeURIComponent(location.hash.slice(1));
      reveal(id);
      var el = document.getElementById(id);
      if (el) { el.scrollIntoView({ block: "center" }); }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); }
  });
  window.addEventListener("hashchange", fromHash);
  document.querySelectorAll("[data-expand]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-expand") === "all";
      document.querySelectorAll("details.article-body").forEach(function (d) { d.open = open; });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  fromHash();
})();
