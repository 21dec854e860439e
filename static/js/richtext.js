// Rich-text narrative editor, no build step: a <textarea data-richtext> becomes a contenteditable area with a
// toolbar (bold, italic, underline, bulleted and numbered lists, plain paragraph). The textarea stays in the
// form, hidden, and carries the HTML; the server keeps only its allow-list (reports/richtext.py). Without
// JavaScript the textarea is simply used as it is.
(function () {
  var BUTTONS = [
    ["bold", "B", "In đậm (Ctrl+B)", "b"],
    ["italic", "I", "In nghiêng (Ctrl+I)", "i"],
    ["underline", "U", "Gạch chân (Ctrl+U)", "u"],
    ["insertUnorderedList", "• Gạch đầu dòng", "Danh sách gạch đầu dòng"],
    ["insertOrderedList", "1. Đánh số", "Danh sách đánh số"],
    ["formatBlock", "¶ Đoạn văn", "Đoạn văn thường"]
  ];
  // The server stores and sends only its allow-list (reports/richtext.py); the editor still never hands text to
  // innerHTML: the value is parsed into an inert document and only these elements, without any attribute, are
  // copied into the editable area. Everything else keeps its text, as text nodes.
  var ALLOWED = { P: 1, DIV: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, UL: 1, OL: 1, LI: 1 };
  var DROPPED = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, NOSCRIPT: 1, TITLE: 1 };

  function copyAllowed(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE && !DROPPED[node.nodeName]) {
        if (ALLOWED[node.nodeName]) {
          copyAllowed(node, target.appendChild(document.createElement(node.nodeName.toLowerCase())));
        } else {
          copyAllowed(node, target);
        }
      }
    });
  }

  function paragraph(children) {
    var p = document.createElement("p");
    children.forEach(function (child) { p.appendChild(child); });
    return p;
  }

  // Fills ``area`` from the textarea's value: allow-listed elements, or lines of plain text as paragraphs.
  function load(area, value) {
    var parsed = new DOMParser().parseFromString(value, "text/html").body;
    var fragment = document.createDocumentFragment();
    if (parsed.querySelector("*")) {
      copyAllowed(parsed, fragment);
    } else {
      (parsed.textContent || "").split(/\r?\n/).forEach(function (line) {
        if (line.trim()) fragment.appendChild(paragraph([document.createTextNode(line.trim())]));
      });
    }
    if (!fragment.textContent.trim()) {
      fragment = document.createDocumentFragment();
      fragment.appendChild(paragraph([document.createElement("br")]));
    }
    area.replaceChildren(fragment);
  }

  function enhance(textarea) {
    var wrap = document.createElement("div");
    var bar = document.createElement("div");
    var area = document.createElement("div");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    wrap.className = "rte";
    bar.className = "rte-toolbar";
    bar.setAttribute("role", "toolbar");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    // The editable area takes the field's id, so its label and tests find what people type into.
    area.id = textarea.id;
    textarea.id = textarea.id + "-html";
    if (label) {
      label.id = label.id || area.id + "-label";
      label.htmlFor = textarea.id;
      area.setAttribute("aria-labelledby", label.id);
      bar.setAttribute("aria-label", "Định dạng: " + label.textContent.trim());
      label.addEventListener("click", function () { area.focus(); });
    }
    load(area, textarea.value);

    function sync() { textarea.value = area.innerHTML; }
    function refresh() {
      bar.querySelectorAll("button[data-state]").forEach(function (button) {
        var on = false;
        try { on = document.queryCommandState(button.dataset.command); } catch (e) { on = false; }
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rte-button";
      var face = document.createElement(spec[3] || "span");
      face.textContent = spec[1];
      button.appendChild(face);
      button.title = spec[2];
      button.setAttribute("aria-label", spec[2]);
      button.dataset.command = spec[0];
      if (spec[0] !== "formatBlock") button.dataset.state = "1";
      // Keep the selection in the text while the button is pressed.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(spec[0], false, spec[0] === "formatBlock" ? "p" : null);
        sync();
        refresh();
      });
      bar.appendChild(button);
    });
    // Pasted text comes in plain: office formatting would be stripped by the server anyway.
    area.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      event.preventDefault();
      document.execCommand("insertText", false, text);
    });
    area.addEventListener("input", sync);
    area.addEventListener("keyup", refresh);
    area.addEventListener("mouseup", refresh);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    textarea.parentNode.insertBefore(wrap, textarea);
    textarea.hidden = true;
    sync();
  }

  function init() {
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* older browsers */ }
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
