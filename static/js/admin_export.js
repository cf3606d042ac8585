// The admin's export page: the "select all" toggle, bound here rather than in an inline
// onchange attribute, which the Content-Security-Policy blocks. django-import-export's own
// export_selectable_fields.js defines onSelectToggleChange.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("input.select-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
