// A "tick all" checkbox: <input type="checkbox" data-check-all="NAME"> ticks or unticks every checkbox
// named NAME in its form. Hand-written: five lines do not need a library, and without JS the box stays
// hidden (the `hidden` attribute is removed here) and each household is ticked one by one.
document.querySelectorAll("[data-check-all]").forEach((box) => {
  const boxes = () => box.form.querySelectorAll(`input[type=checkbox][name="${box.dataset.checkAll}"]`);
  box.closest("[hidden]")?.removeAttribute("hidden");
  box.addEventListener("change", () => boxes().forEach((b) => { b.checked = box.checked; }));
});
