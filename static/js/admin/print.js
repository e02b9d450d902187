/** The card sheet's 打印 button (a page may not run inline scripts). */

const button = document.querySelector('[data-print]');
if (button) button.addEventListener('click', () => window.print());
