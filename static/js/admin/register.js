/**
 * The desk's supervision pages (年度项目监督): every form marked `data-api` is sent to that JSON
 * endpoint as an object built from its fields, and the page reloads to show what changed.
 * A field's `data-kind` says how it is read: text (default), number, id (a select: a number or
 * null), ids (checkboxes of one name: a list of numbers), bool (a checkbox). The fields of a
 * fieldset marked `data-nested="key"` become one object in the list `key`, left out when empty.
 */

import { request } from './http.js';
import { setStatus } from './status.js';

function read(element, holder) {
  const kind = element.dataset.kind || 'text';
  const value = element.value.trim();
  if (kind === 'ids') {
    holder[element.name] = holder[element.name] || [];
    if (element.checked) holder[element.name].push(Number(element.value));
  } else if (kind === 'bool') {
    holder[element.name] = element.checked;
  } else if (kind === 'id') {
    holder[element.name] = value ? Number(value) : null;
  } else if (kind === 'number') {
    if (value !== '') holder[element.name] = Number(value.replace(/,/g, ''));
  } else if (value !== '' || element.required) {
    holder[element.name] = value;
  }
}

export function formBody(form) {
  const body = {};
  const nested = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled) continue;
    const fieldset = element.closest('fieldset[data-nested]');
    if (fieldset) {
      const key = fieldset.dataset.nested;
      nested[key] = nested[key] || {};
      read(element, nested[key]);
    } else {
      read(element, body);
    }
  }
  for (const [key, value] of Object.entries(nested)) {
    if (Object.values(value).some((v) => v !== '' && v !== null)) body[key] = [value];
  }
  return body;
}

for (const form of document.querySelectorAll('form[data-api]')) {
  const status = form.querySelector('.form-status');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    const answer = await request('POST', form.dataset.api, formBody(form));
    if (button) button.disabled = false;
    if (!answer.ok) {
      setStatus(status, 'error', answer.message);
      return;
    }
    setStatus(status, 'ok', form.dataset.done || '已保存');
    window.location.reload();
  });
}
