/**
 * A modal <dialog> for the desk's editors (ballot settings, paper sheets), and the dashboard's
 * alert bar.
 * Built from data with h(), never from HTML strings.
 */

import { h, scriptRoot } from './http.js';

/** openDialog(title, ...body) → {dialog, body, message(text, kind), close()}. */
export function openDialog(title, className) {
  const heading = h('h2', { class: 'life-dialog-title', id: 'life-dialog-title' }, title);
  const close = h('button', { type: 'button', class: 'alert-close', 'aria-label': '关闭' }, '×');
  const status = h('p', { class: 'life-dialog-message', role: 'alert', hidden: true });
  const body = h('div', { class: 'life-dialog-body' });
  const dialog = h(
    'dialog',
    { class: `life-dialog ${className || ''}`, 'aria-labelledby': 'life-dialog-title' },
    h('header', { class: 'life-dialog-head' }, heading, close),
    status,
    body,
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return {
    dialog,
    body,
    /** Show a line above the body: kind 'error' (default) or 'ok'; empty text hides it. */
    message(text, kind = 'error') {
      status.hidden = !text;
      status.textContent = text || '';
      status.dataset.kind = kind;
    },
    close: () => dialog.close(),
  };
}

/** The dashboard's alert bar (#alerts); withLogin adds a link to log in again. */
export function showAlert(message, withLogin = false) {
  const alerts = document.getElementById('alerts');
  if (!alerts) return;
  const close = h('button', { type: 'button', class: 'alert-close', 'aria-label': '关闭提示' }, '×');
  close.addEventListener('click', clearAlert);
  const root = scriptRoot();
  const loginUrl = `${root}/admin/login?next=${encodeURIComponent(`${root}/admin/`)}`;
  const link = withLogin && h('a', { href: loginUrl, class: 'alert-link' }, '重新登录');
  alerts.replaceChildren(h('div', { class: 'alert alert-error', role: 'alert' }, h('span', {}, message), link, close));
}

export function clearAlert() {
  const alerts = document.getElementById('alerts');
  if (alerts) alerts.replaceChildren();
}
