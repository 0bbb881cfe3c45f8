// Copy buttons for a paragraph's citation and permanent link. Without
// JavaScript or a clipboard, the buttons stay hidden and the texts can be
// selected and copied by hand.
document.querySelectorAll("[data-copy-tools]").forEach((tools) => {
  if (!navigator.clipboard) return;
  const status = tools.querySelector(".copy-status");
  tools.hidden = false;
  tools.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        status.textContent = tools.dataset.copied;
      } catch {
        status.textContent = tools.dataset.failed;
      }
    });
  });
});
