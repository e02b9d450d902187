/** A status line under a desk form: ✓ for done, ✗ (an alert) for refused. */

export function setStatus(element, kind, text) {
  if (!element) return;
  element.hidden = !text;
  element.dataset.kind = kind;
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  element.textContent = text ? `${kind === 'error' ? '✗' : '✓'} ${text}` : '';
}
