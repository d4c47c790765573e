// Lists that are collapsed on a phone open by themselves on a wider screen
// (<details data-open-wide>): without this script they are simply collapsed.
document.querySelectorAll("details[data-open-wide]").forEach((details) => {
  if (window.matchMedia("(min-width: 481px)").matches) details.open = true;
});
