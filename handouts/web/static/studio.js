// The brand kit editor: colour pickers beside their text fields, and the live preview
// (a debounced POST of the form's values; the answer is an image and the branding checks).
(function () {
  "use strict";
  var form = document.getElementById("brand-form");
  if (!form) { return; }
  var image = document.getElementById("brand-preview-image");
  var status = document.getElementById("preview-status");
  var findings = document.getElementById("brand-findings");
  var article = document.getElementById("preview-article");
  var timer = null;
  var sent = 0;

  form.querySelectorAll("input[type=color][data-for]").forEach(function (picker) {
    var text = document.getElementById(picker.getAttribute("data-for"));
    picker.addEventListener("input", function () { text.value = picker.value; schedule(); });
    text.addEventListener("input", function () {
      if (/^#[0-9a-fA-F]{6}$/.test(text.value)) { picker.value = text.value.toLowerCase(); }
    });
  });

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  function values() {
    var data = new FormData(form);
    data.delete("logo");
    data.set("article", article.value);
    return data;
  }

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }

  function show(result) {
    findings.textContent = "";
    var errors = Object.keys(result.errors || {});
    errors.forEach(function (name) { add(findings, "p", name + ": " + result.errors[name], "field-error"); });
    (result.general || []).forEach(function (m) { add(findings, "p", m, "field-error"); });
    if (result.image) {
      image.src = result.image;
      status.textContent = "Preview updated (" + result.ms + " ms).";
    } else {
      status.textContent = "The preview waits for the values above to be corrected.";
    }
    var failing = (result.pairs || []).filter(function (p) { return !p.passes; });
    if (result.pairs) {
      var table = add(findings, "table", "", "rows contrast");
      add(table, "caption", "Contrast of each printed text colour on its background");
      var head = add(table, "tr", "");
      ["Where", "Colours", "Ratio", "Needs"].forEach(function (h) { add(head, "th", h).scope = "col"; });
      result.pairs.forEach(function (p) {
        var row = add(table, "tr", "", p.passes ? "pass" : "fail");
        add(row, "td", p.where);
        add(row, "td", p.text + " on " + p.background);
        add(row, "td", p.ratio.toFixed(2) + ":1" + (p.passes ? "" : " (too low)"));
        add(row, "td", p.needed + ":1");
      });
    }
    failing.forEach(function (p) {
      var box = add(findings, "div", "", "contrast-warning");
      box.setAttribute("role", "alert");
      add(box, "p", "Low contrast: " + p.where + " (" + p.ratio.toFixed(2) + ":1, needs " + p.needed + ":1).");
      if (p.suggestion && p.field) {
        var button = add(box, "button", "Use " + p.suggestion + " for " + p.field, "button suggestion");
        button.type = "button";
        button.setAttribute("data-field", p.field);
        button.setAttribute("data-colour", p.suggestion);
        button.addEventListener("click", function () {
          var text = document.getElementById(p.field);
          var picker = document.getElementById(p.field + "-picker");
          text.value = p.suggestion;
          if (picker) { picker.value = p.suggestion; }
          schedule();
        });
      } else if (p.suggestion) {
        add(box, "p", "Nearest passing colour: " + p.suggestion + ".");
      }
    });
    (result.findings || []).forEach(function (f) {
      var box = add(findings, "div", "", "finding");
      add(box, "p", f.message);
      add(box, "p", f.fix, "hint");
    });
  }

  function refresh() {
    var mine = ++sent;
    status.textContent = "Updating the preview…";
    fetch(form.action + "/preview", { method: "POST", body: values(), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (result) { if (mine === sent) { show(result); } })
      .catch(function () { if (mine === sent) { status.textContent = "The preview could not be updated."; } });
  }

  form.addEventListener("input", function (e) { if (e.target.type !== "file") { schedule(); } });
  form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") { schedule(); } });
  article.addEventListener("change", schedule);
  refresh();
})();
