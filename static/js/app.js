// The few behaviours our pages need, bound from data attributes: the Content-Security-Policy allows scripts
// from our own files only, so no page carries inline script or onclick handlers. Hand-written: a dozen lines
// do not need a library, and every page works without it (the buttons simply do nothing).
//   data-print                     prints the page
//   data-copy="ID" data-copied="…"  copies the value of element ID and says so on the button
//   data-copy-text="…"             copies that text (with data-copied, says so on the button)
//   data-js (with hidden)          shown only here, i.e. where this script runs: a button that needs it
//   data-select-on-click           selects the field's text when tapped
//   data-check-all="NAME"          ticks or unticks every checkbox NAME of its form (its [hidden] parent shows)
//   data-focus                     takes the focus when the page opens (a failed form's error summary)
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-copy], [data-copy-text], [data-select-on-click]");
  if (!target) return;
  if (target.hasAttribute("data-print")) window.print();
  if (target.hasAttribute("data-select-on-click")) target.select();
  if (target.dataset.copy) {
    const field = document.getElementById(target.dataset.copy);
    if (field && navigator.clipboard) navigator.clipboard.writeText(field.value);
    if (target.dataset.copied) target.textContent = target.dataset.copied;
  }
  if (target.dataset.copyText) {
    if (navigator.clipboard) navigator.clipboard.writeText(target.dataset.copyText);
    if (target.dataset.copied) target.textContent = target.dataset.copied;
  }
});
document.querySelectorAll("[data-js][hidden]").forEach((element) => element.removeAttribute("hidden"));
document.querySelectorAll("[data-check-all]").forEach((box) => {
  const boxes = () => box.form.querySelectorAll(`input[type=checkbox][name="${box.dataset.checkAll}"]`);
  box.closest("[hidden]")?.removeAttribute("hidden");
  box.addEventListener("change", () => boxes().forEach((b) => { b.checked = box.checked; }));
});
document.querySelector("[data-focus]")?.focus();
