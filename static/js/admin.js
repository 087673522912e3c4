// django-import-export's export page labels its "select all" box with for="select-all-toggle" but gives the box
// no id: give it that id, so the label names it (and tapping the label ticks it).
document.querySelectorAll("input.select-toggle:not([id])").forEach((box) => { box.id = "select-all-toggle"; });
