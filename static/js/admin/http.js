/**
 * The desk pages' JSON calls (dashboard, settings, roster, monitor, editors): same-origin, no
 * cache, the CSRF token from the page's meta tag on every POST, and one answer shape for success
 * and failure. Also the small DOM helpers every desk script uses: h() and the copy-link button.
 */

import { h } from '../shared/dom.js';

export { h };

const REQUEST_TIMEOUT_MS = 10000;

const meta = document.querySelector('meta[name="csrf-token"]');
const csrfToken = meta ? meta.content : '';

/** The app's path prefix (behind a reverse proxy), from `data-root` on the page's main element. */
export function scriptRoot() {
  const holder = document.querySelector('[data-root]');
  return (holder && holder.dataset.root) || '';
}

/** One JSON request: {ok: true, data} or {ok: false, status, code, message}. */
export async function request(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    signal: controller.signal,
    headers: { Accept: 'application/json' },
  };
  if (method === 'POST') {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRFToken'] = csrfToken;
    init.body = JSON.stringify(body || {});
  }
  try {
    const response = await fetch(scriptRoot() + path, init);
    const data = await response.json().catch(() => null);
    if (response.ok && data) return { ok: true, data };
    const error = (data && data.error) || {};
    return {
      ok: false,
      status: response.status,
      code: error.code || 'server_error',
      message: error.message || `服务器出错（${response.status}），请稍后重试`,
    };
  } catch (error) {
    return { ok: false, status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' };
  } finally {
    clearTimeout(timer);
  }
}

/** Copy text; plain http on the hall LAN is not a secure context, so fall back to execCommand. */
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = h('textarea', { readonly: true, class: 'visually-hidden' });
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error('copy refused'));
}

/** A 复制链接 button: copies its data-copy and says 已复制 for two seconds, or calls onRefused. */
export function copyOnClick(button, onRefused) {
  button.addEventListener('click', () => {
    copyText(button.dataset.copy).then(() => {
      button.textContent = '已复制';
      setTimeout(() => {
        button.textContent = '复制链接';
      }, 2000);
    }, onRefused);
  });
}
