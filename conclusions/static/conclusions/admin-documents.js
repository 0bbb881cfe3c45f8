// Bring in a document: "Leave out all lines of page furniture" ticks or unticks every box in the list of blocks.
// Without this script the box stays hidden, and each line is ticked on its own.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("leave-out-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll('input[name="leave_out"]');
  all.closest("[hidden]")?.removeAttribute("hidden");
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  document.addEventListener("change", (event) => {
    if (event.target.name === "leave_out") all.checked = [...boxes()].every((box) => box.checked);
  });
});
