/* The aftercare desk's progressive enhancement: live preview and day-list progress.
   Every page works without this file; it only saves a round trip and shows progress.
   Patient details go in POST bodies only, never in an address. */
"use strict";

(function () {
  function livePreview(form) {
    var image = document.getElementById("preview-image");
    var status = document.getElementById("preview-status");
    var section = image.closest(".preview");
    var timer = null;
    var pending = null;
    var lastUrl = null;

    function show(message) { status.textContent = message; }

    function refresh() {
      if (!form.elements.patient.value.trim()) {
        show("The preview appears once the patient's name is filled in.");
        return;
      }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      section.classList.add("busy");
      show("Updating the preview…");
      fetch("/aftercare/preview", {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        signal: pending.signal
      }).then(function (response) {
        if (response.ok) {
          return response.blob().then(function (blob) {
            if (lastUrl) { URL.revokeObjectURL(lastUrl); }
            lastUrl = URL.createObjectURL(blob);
            image.src = lastUrl;
            image.hidden = false;
            show("The sheet as it will print.");
          });
        }
        return response.json().then(function (body) {
          var messages = Object.keys(body.errors || {}).map(function (name) {
            var label = form.querySelector('label[for="' + name + '"]');
            return (label ? label.textContent : name) + ": " + body.errors[name];
          }).concat(body.general || []);
          show("Preview not updated. " + messages.join(" "));
        });
      }).catch(function (error) {
        if (error.name !== "AbortError") { show("Preview not updated: the server did not answer."); }
      }).finally(function () { section.classList.remove("busy"); });
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 600);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.value === "preview") {
        event.preventDefault();
        clearTimeout(timer);
        refresh();
      }
    });
  }

  function dayList(form) {
    var area = document.getElementById("progress-area");
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var list = document.getElementById("progress-rows");
    var result = document.getElementById("progress-result");

    function item(className, message) {
      var li = document.createElement("li");
      li.className = className;
      li.textContent = message;
      list.appendChild(li);
    }

    function finish(summary, action) {
      var done = document.createElement("p");
      var failed = summary.failed || [];
      done.textContent = "Done. " + (failed.length ? failed.length + " row(s) not made: " + failed.join(", ") + "." : "Every row was made.");
      result.appendChild(done);
      if ((summary.passwords || []).length) {
        var heading = document.createElement("h3");
        heading.textContent = "Passwords (shown once)";
        result.appendChild(heading);
        var ul = document.createElement("ul");
        summary.passwords.forEach(function (pair) {
          var li = document.createElement("li");
          li.textContent = "Row " + pair[0] + ": " + pair[1];
          ul.appendChild(li);
        });
        result.appendChild(ul);
      }
      if (action === "zip" && summary.zip) {
        var bytes = Uint8Array.from(atob(summary.zip), function (c) { return c.charCodeAt(0); });
        var link = document.createElement("a");
        link.className = "button primary big";
        link.href = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
        link.download = "aftercare-sheets.zip";
        link.textContent = "Download the ZIP";
        result.appendChild(link);
        link.click();
      }
    }

    form.addEventListener("submit", function (event) {
      var action = event.submitter && event.submitter.value;
      if (action !== "zip" && action !== "send") { return; }
      event.preventDefault();
      var data = new FormData(form, event.submitter);
      var checked = document.getElementById("rows-section");
      if (checked) { checked.hidden = true; }  /* the new run replaces the last check */
      area.hidden = false;
      list.textContent = "";
      result.textContent = "";
      bar.value = 0;
      text.textContent = "Starting…";
      fetch("/daylist/run", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            return response.json().then(function (body) {
              var messages = Object.values(body.errors || {}).concat(body.general || []);
              text.textContent = "Nothing was made: " + messages.join(" ");
            });
          }
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          var buffer = "";
          function pump() {
            return reader.read().then(function (chunk) {
              if (chunk.done) { return; }
              buffer += decoder.decode(chunk.value, { stream: true });
              var lines = buffer.split("\n");
              buffer = lines.pop();
              lines.forEach(function (line) {
                if (!line) { return; }
                var event = JSON.parse(line);
                if (event.done) { finish(event, action); return; }
                bar.max = event.total;
                bar.value = event.row;
                text.textContent = "Row " + event.row + " of " + event.total;
                var problems = Object.keys(event.errors).map(function (c) { return c + " " + event.errors[c]; });
                item(event.ok ? "ok" : "bad", "Row " + event.row + ": " + (event.ok ? (event.sent ? "sent" : "made") : "not made: " + problems.join("; ")));
              });
              return pump();
            });
          }
          return pump();
        })
        .catch(function () { text.textContent = "The server did not answer; nothing more was made."; });
    });
  }

  function moreAreaBoxes(group) {
    /* A new empty box appears once the last one is filled, up to six. */
    group.addEventListener("input", function () {
      var boxes = group.querySelectorAll("input[name=areas]");
      var last = boxes[boxes.length - 1];
      if (!last.value.trim() || boxes.length >= 6) { return; }
      var wrapper = last.parentNode.cloneNode(true);
      var number = boxes.length + 1;
      var input = wrapper.querySelector("input");
      var label = wrapper.querySelector("label");
      input.id = "areas-" + number;
      input.value = "";
      label.htmlFor = input.id;
      label.textContent = "Area " + number;
      last.parentNode.parentNode.appendChild(wrapper);
    });
  }

  function brandFollows(select) {
    /* The header shows the chosen clinic's name, logo and colours at once. */
    select.addEventListener("change", function () {
      var id = encodeURIComponent(select.value);
      var sheet = document.querySelector('link[href^="/brand/"]');
      var logo = document.querySelector(".masthead .logo");
      var name = document.querySelector(".clinic-name");
      if (sheet) { sheet.href = "/brand/" + id + ".css"; }
      if (logo) { logo.src = "/brand/" + id + "/logo"; }
      if (name) { name.textContent = select.options[select.selectedIndex].text; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var clinic = document.getElementById("clinic");
    if (clinic && clinic.tagName === "SELECT") { brandFollows(clinic); }
    var areas = document.querySelector(".area-boxes");
    if (areas) { moreAreaBoxes(areas); }
    var sheet = document.getElementById("sheet-form");
    if (sheet && document.getElementById("preview-image")) { livePreview(sheet); }
    var day = document.getElementById("daylist-form");
    if (day) { dayList(day); }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
