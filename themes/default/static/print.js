// "Print this page": the button is in every page's header, hidden until this script
// runs (without script it could not print); a reader without script sees how to
// print from the browser instead (the <noscript> beside it). Printing itself needs
// no script: the stylesheet's print rules set the page for paper.
for (const button of document.querySelectorAll('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
