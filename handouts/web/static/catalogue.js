// The catalogue's Build button: start the build, then poll its progress until it ends.
(function () {
  "use strict";
  var form = document.getElementById("build-form");
  if (!form) { return; }
  var bar = document.getElementById("build-progress");
  var status = document.getElementById("build-status");
  var button = document.getElementById("build-button");

  function show(p) {
    bar.max = p.total || 1;
    bar.value = p.done;
    status.textContent = p.running ? "Building: " + p.done + " of " + (p.total || "?") + " done…" : p.message;
    button.disabled = p.running;
  }

  function poll() {
    fetch("/studio/catalogue/progress", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (p.running) { window.setTimeout(poll, 700); } else if (p.message) { status.setAttribute("data-finished", "1"); }
      });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    status.removeAttribute("data-finished");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) { show(p); poll(); });
  });
})();
