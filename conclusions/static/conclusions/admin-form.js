// A change form's language switch: one row of languages for the whole page, driving modeltranslation's
// language tabs of every translated field at once, so that the form shows one language at a time.
// It runs on jQuery's "ready" after modeltranslation's script, which builds those tabs; without this
// script the switch stays hidden and modeltranslation's own tabs (or, without any script, every field) show.
(function () {
  "use strict";
  const $ = django.jQuery;

  // The language of a translated field, from modeltranslation's class "mt-field-<field>-<language>".
  function fieldLanguage(field) {
    const marker = [...field.classList].find((name) => name.startsWith("mt-field-"));
    return marker ? marker.slice("mt-field-".length).split("-").pop() : null;
  }

  // Each field says which language it holds and its direction: screen readers pronounce it, spelling is
  // checked in it, and a Chinese text stays left to right in the Arabic admin (and Arabic right to left in any).
  function markFieldLanguages(form, buttons) {
    const directions = Object.fromEntries(buttons.map((button) => [button.dataset.language, button.dataset.direction]));
    form.querySelectorAll(".mt").forEach((field) => {
      const language = fieldLanguage(field);
      if (!(language in directions)) return;
      field.lang = language.replace("_", "-");
      field.dir = directions[language];
    });
  }

  $(function () {
    const switchRow = document.getElementById("page-language-switch");
    const form = switchRow && switchRow.closest("form");
    const fieldTabs = form ? $(form).find(".ui-tabs") : $();
    if (!fieldTabs.length) return;
    const buttons = [...switchRow.querySelectorAll("[role=tab]")];
    markFieldLanguages(form, buttons);

    // A field's tab for a language: its link points at "#tab_id_<field>_<language>".
    function tabIndex(tabs, language) {
      return $(tabs).find(".ui-tabs-nav a").toArray()
        .findIndex((link) => link.getAttribute("href").endsWith("_" + language));
    }

    function select(button) {
      buttons.forEach((other) => {
        other.setAttribute("aria-selected", String(other === button));
        other.tabIndex = other === button ? 0 : -1;
      });
      fieldTabs.each(function () {
        const index = tabIndex(this, button.dataset.language);
        if (index >= 0) $(this).tabs("option", "active", index);
      });
    }

    // A field with an error is in a language the person may not be looking at: say which, and open on it.
    const withErrors = buttons.filter((button) =>
      fieldTabs.find(".ui-tab-has-errors a").toArray()
        .some((link) => link.getAttribute("href").endsWith("_" + button.dataset.language)));
    withErrors.forEach((button) => {
      button.classList.add("has-errors");
      button.append(` (${switchRow.dataset.errorsNote})`);
    });

    buttons.forEach((button) => button.addEventListener("click", () => select(button)));
    // The keys of a tab list: arrows to the previous or next language (mirrored right to left), Home, End.
    switchRow.addEventListener("keydown", (event) => {
      const current = buttons.indexOf(document.activeElement);
      if (current < 0) return;
      const forward = getComputedStyle(switchRow).direction === "rtl" ? "ArrowLeft" : "ArrowRight";
      const backward = forward === "ArrowRight" ? "ArrowLeft" : "ArrowRight";
      const target = {
        [forward]: (current + 1) % buttons.length,
        [backward]: (current - 1 + buttons.length) % buttons.length,
        Home: 0,
        End: buttons.length - 1,
      }[event.key];
      if (target === undefined) return;
      event.preventDefault();
      buttons[target].focus();
      select(buttons[target]);
    });

    select(withErrors[0] || buttons.find((button) => button.getAttribute("aria-selected") === "true") || buttons[0]);
    switchRow.hidden = false;
    form.classList.add("has-page-language-switch");
  });
})();
