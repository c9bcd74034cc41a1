// Drag and drop for the upload form. The form works without this script: it only lets a file be dropped on the
// drop zone, puts it in the form's file input and sends the form, and shows the chosen file's name.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("file");
  var chosen = document.getElementById("chosen");
  if (!form || !zone || !input || !chosen) {
    return;
  }

  function show() {
    chosen.textContent = input.files && input.files.length > 0 ? "Chosen: " + input.files[0].name : "";
  }

  function hasFiles(event) {
    var types = event.dataTransfer ? event.dataTransfer.types : null;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      if (!hasFiles(event)) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      zone.classList.add("dragging");
    });
  });

  ["dragleave", "dragend"].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove("dragging");
    });
  });

  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("dragging");
    var files = event.dataTransfer ? event.dataTransfer.files : null;
    if (!files || files.length === 0) {
      return;
    }
    if (files.length > 1) {
      chosen.textContent = "Drop one file at a time.";
      return;
    }
    input.files = files;
    show();
    zone.classList.add("sending");
    form.requestSubmit();
  });

  input.addEventListener("change", show);
  document.body.classList.add("js");
})();
