// Forms that undo something hard to redo (revoking an agent) ask first: <form data-confirm="...">. Delegated from the
// document, so forms that a live refresh swapped in ask too; no inline handler (the pages' CSP allows none).
document.addEventListener('submit', function (e) {
  var form = e.target.closest('form[data-confirm]');
  if (form && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
  }
});
