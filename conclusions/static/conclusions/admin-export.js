// The export page's "Select all" box, under the site's Content-Security-Policy.
// django-import-export's template calls its handler from an inline `onchange` attribute, which the policy
// refuses; the admin takes the attribute out of the page (spreadsheets.py) and the same handler is attached here.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange); // defined by the library's export_selectable_fields.js
  });
});
