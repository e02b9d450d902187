/** Asks before a form button marked data-confirm="…" is sent (the desk's card actions). */

document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-confirm]');
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
