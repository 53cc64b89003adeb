// The competency picker's filter box (templates/competencies/_picker.html). Without this file the
// picker is a plain grouped select; with it, a search box above the select keeps only the options
// whose code or words contain every word typed. Keyboard: type, then Down (or Enter) moves to the
// list with the first match chosen. Strings come from the select's data- attributes (translated).
(function () {
  "use strict";

  function words(text) {
    return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  function enhance(select, index) {
    var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
      return {
        label: group.label,
        options: Array.prototype.map.call(group.querySelectorAll("option"), function (option) {
          return {node: option, text: ((option.dataset.search || "") + " " + option.text).toLocaleLowerCase()};
        })
      };
    });
    var placeholder = select.querySelector("option[value='']");
    var field = select.closest(".field") || select.parentNode;

    var box = document.createElement("div");
    box.className = "picker__filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.id = (select.id || "picker") + "-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("aria-describedby", input.id + "-status");
    label.htmlFor = input.id;
    label.textContent = select.dataset.filterLabel || "Filter";
    status.id = input.id + "-status";
    status.className = "hint picker__status";
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);

    function firstMatch() {
      return select.querySelector("optgroup option");
    }

    function apply() {
      var wanted = words(input.value);
      var chosen = select.value;
      var count = 0;
      var seen = {};
      while (select.lastChild) select.removeChild(select.lastChild);
      if (placeholder) select.appendChild(placeholder);
      groups.forEach(function (group) {
        var kept = group.options.filter(function (option) {
          return wanted.every(function (word) { return option.text.indexOf(word) !== -1; });
        });
        if (!kept.length) return;
        var node = document.createElement("optgroup");
        node.label = group.label;
        kept.forEach(function (option) {
          node.appendChild(option.node);
          if (!seen[option.node.value]) { seen[option.node.value] = true; count += 1; }
        });
        select.appendChild(node);
      });
      select.value = chosen;
      if (select.value !== chosen && placeholder) select.value = "";
      if (!wanted.length) { status.textContent = ""; return; }
      status.textContent = count === 0 ? select.dataset.matchesNone :
        count === 1 ? select.dataset.matchesOne : (select.dataset.matchesMany || "{n}").replace("{n}", count);
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "Enter") return;
      var first = firstMatch();
      if (!first) return;
      event.preventDefault();  // Enter here must not submit the form before a competency is chosen
      if (!select.value || !select.querySelector("option[value='" + select.value + "']:not([value=''])")) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", {bubbles: true}));
      }
      select.focus();
    });
  }

  document.querySelectorAll("select[data-picker]").forEach(enhance);
})();
