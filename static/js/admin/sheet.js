/** The result sheet page: its 打印 button opens the browser's print dialog. */

const button = document.getElementById('print-sheet');
if (button) button.addEventListener('click', () => window.print());
