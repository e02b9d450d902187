/**
 * The settings page (templates/admin/settings.html): confirm() before the forms that cannot be
 * undone, worked examples under the fractions, the screen key, and the scrutineer accounts
 * through the JSON API. Scrutineers get none of the controls (CSS hides them; the server
 * refuses them anyway).
 */

import { copyOnClick, h, request } from './http.js';

const ROLE_NAMES = { admin: '管理员', scrutineer: '监票人' };
const MIN_PASSWORD = 8;
const USERNAME = /^[A-Za-z0-9_.-]{2,30}$/;

/* ---------- status lines ---------- */

function setStatus(element, kind, text) {
  if (!element) return;
  element.hidden = !text;
  element.dataset.kind = kind;
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  element.textContent = text ? `${kind === 'error' ? '✗' : '✓'} ${text}` : '';
}

/* ---------- forms posting back to the page ---------- */

document.querySelectorAll('form[method="post"]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.sent) {
      event.preventDefault(); // a double click must not post twice
      return;
    }
    form.dataset.sent = 'true';
    // After the entry list is built (a disabled submitter would lose its name=value).
    setTimeout(() => {
      form.querySelectorAll('button[type="submit"]').forEach((button) => {
        button.disabled = true;
        button.setAttribute('aria-busy', '');
      });
    }, 0);
  });
});

/* ---------- worked examples under the fractions ---------- */

/** "2/3" → [2, 3]; "0.5" → [5, 10]; null unless strictly between 0 and 1. */
function parseFraction(text) {
  const value = String(text || '').trim();
  let top;
  let bottom;
  const slash = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
  const decimal = /^0?\.(\d{1,6})$/.exec(value);
  if (slash) {
    [top, bottom] = [Number(slash[1]), Number(slash[2])];
  } else if (decimal) {
    [top, bottom] = [Number(decimal[1]), 10 ** decimal[1].length];
  } else {
    return null;
  }
  if (!bottom || top <= 0 || top >= bottom) return null;
  return [top, bottom];
}

/** The smallest whole number strictly above fraction × basis. */
function moreThan(basis, [top, bottom]) {
  return Math.floor((basis * top) / bottom) + 1;
}

let roll = null;

function fieldValue(id) {
  const input = document.getElementById(id);
  if (input) return input.value;
  const hidden = document.querySelector(`#settings-form input[type="hidden"][name="${id}"]`);
  return hidden ? hidden.value : '';
}

function exampleText(kind) {
  const names = { quorum: 'quorum_fraction', threshold: 'threshold_fraction', validity: 'validity_fraction' };
  const input = document.querySelector(`#settings-form [name="${names[kind]}"]`);
  const fraction = parseFraction(input ? input.value : '');
  if (!fraction) return { error: true, text: '请填写 0 到 1 之间的分数，如 1/2、2/3' };
  if (!roll) return { text: '' };
  const expected = roll.expected;
  if (kind === 'quorum') return { text: `按目前应到 ${expected} 人：实到至少 ${moreThan(expected, fraction)} 人才符合法定人数。` };
  if (kind === 'validity') return { text: `按目前应到 ${expected} 人：收回至少 ${moreThan(expected, fraction)} 张选票，投票才有效。` };
  const basis = fieldValue('set-basis') || fieldValue('threshold_basis');
  if (basis === 'present') {
    if (!roll.present) return { text: '以投票时的实到人数为基数（目前尚无人签到）。' };
    return { text: `按目前实到 ${roll.present} 人：赞成票至少 ${moreThan(roll.present, fraction)} 票才通过。` };
  }
  if (basis === 'returned') return { text: `以收回票数为基数：例如收回 200 张，赞成票至少 ${moreThan(200, fraction)} 票才通过。` };
  return { text: `按目前应到 ${expected} 人：赞成票至少 ${moreThan(expected, fraction)} 票才通过。` };
}

function showExamples() {
  document.querySelectorAll('[data-example]').forEach((element) => {
    const { text, error } = exampleText(element.dataset.example);
    if (element.textContent !== text) element.textContent = text;
    element.dataset.error = error ? 'true' : 'false';
  });
}

const settingsForm = document.getElementById('settings-form');
if (settingsForm) {
  // A fraction the server would refuse is caught here, where the typing still stands.
  settingsForm.addEventListener(
    'submit',
    (event) => {
      const bad = [...settingsForm.querySelectorAll('input.field-fraction')].find((input) => !parseFraction(input.value));
      if (!bad) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      bad.setAttribute('aria-invalid', 'true');
      bad.focus();
      showExamples();
    },
    true,
  );
  settingsForm.addEventListener('input', (event) => {
    if (event.target.matches('input.field-fraction') && parseFraction(event.target.value)) {
      event.target.removeAttribute('aria-invalid');
    }
  });
  settingsForm.addEventListener('input', showExamples);
  settingsForm.addEventListener('change', showExamples);
  showExamples();
  request('GET', '/api/v1/admin/overview').then((answer) => {
    if (!answer.ok || !answer.data.roll) return;
    roll = answer.data.roll;
    showExamples();
  });
}

/* ---------- screen link and key ---------- */

const screenStatus = document.getElementById('screen-status');
const copyButton = document.getElementById('copy-screen-link');
// The hall screen's link and the chair's, each with its copy button.
for (const button of [copyButton, document.getElementById('copy-chair-link')]) {
  if (button) copyOnClick(button, () => setStatus(screenStatus, 'error', '浏览器不允许自动复制，请选中链接后按 Ctrl+C 复制。'));
}

const rotateButton = document.getElementById('rotate-screen-key');
if (rotateButton) {
  rotateButton.addEventListener('click', async () => {
    const question = '确定更换大屏密钥？\n\n用旧链接打开的大屏会立即断开，须在大屏电脑上打开新链接。';
    if (rotateButton.disabled || !window.confirm(question)) return;
    rotateButton.disabled = true;
    rotateButton.setAttribute('aria-busy', '');
    const answer = await request('POST', '/api/v1/admin/screen-key/rotate', {});
    rotateButton.disabled = false;
    rotateButton.removeAttribute('aria-busy');
    if (!answer.ok) {
      setStatus(screenStatus, 'error', answer.message);
      return;
    }
    const { screen_url: url, screen_key: key } = answer.data;
    const link = document.getElementById('screen-link');
    link.href = url;
    link.title = url;
    link.textContent = url;
    document.getElementById('screen-key').textContent = key;
    if (copyButton) copyButton.dataset.copy = url;
    setStatus(screenStatus, 'ok', '大屏密钥已更换。请在大屏电脑上打开上面的新链接；主持人屏的链接也已更换，刷新本页可见。');
  });
}

/* ---------- accounts (监票人) ---------- */

const accountsBody = document.getElementById('accounts-body');
const accountsStatus = document.getElementById('accounts-status');

function accountRow(account) {
  return h(
    'tr',
    { 'data-user-id': account.id, 'data-username': account.username, 'data-account-role': account.role },
    h('td', { class: 'col-username' }, h('code', {}, account.username)),
    h(
      'td',
      { class: 'col-role' },
      h('span', { class: 'role-tag', 'data-account-role': account.role }, ROLE_NAMES[account.role] || account.role),
    ),
    h(
      'td',
      { class: 'col-actions admin-only' },
      h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'account-password', 'data-user-id': account.id }, '重设密码'),
      ' ',
      h(
        'button',
        { type: 'button', class: 'btn btn-small btn-small-danger', 'data-action': 'account-remove', 'data-user-id': account.id },
        '删除',
      ),
    ),
  );
}

function updateCount() {
  const count = document.getElementById('accounts-count');
  if (count) count.textContent = `${accountsBody.querySelectorAll('tr[data-user-id]').length} 个账号`;
}

const addForm = document.getElementById('account-add-form');
if (addForm) {
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = addForm.elements.username;
    const password = addForm.elements.password;
    username.removeAttribute('aria-invalid');
    password.removeAttribute('aria-invalid');
    if (!USERNAME.test(username.value.trim())) {
      username.setAttribute('aria-invalid', 'true');
      setStatus(accountsStatus, 'error', '账号名为 2–30 个字母、数字或 _ . -');
      username.focus();
      return;
    }
    if (password.value.length < MIN_PASSWORD) {
      password.setAttribute('aria-invalid', 'true');
      setStatus(accountsStatus, 'error', `密码至少 ${MIN_PASSWORD} 位`);
      password.focus();
      return;
    }
    const button = addForm.querySelector('button[type="submit"]');
    button.disabled = true;
    const answer = await request('POST', '/api/v1/admin/accounts', {
      username: username.value.trim(),
      password: password.value,
    });
    button.disabled = false;
    if (!answer.ok) {
      setStatus(accountsStatus, 'error', answer.message);
      return;
    }
    accountsBody.append(accountRow(answer.data));
    updateCount();
    addForm.reset();
    setStatus(accountsStatus, 'ok', `已添加监票人「${answer.data.username}」，请把账号和密码当面交给本人。`);
  });
}

function closePasswordRows() {
  accountsBody.querySelectorAll('tr.password-row').forEach((row) => row.remove());
}

function openPasswordRow(row) {
  closePasswordRows();
  const id = row.dataset.userId;
  const input = h('input', {
    class: 'field-input',
    id: `new-password-${id}`,
    type: 'password',
    minlength: MIN_PASSWORD,
    required: true,
    autocomplete: 'new-password',
  });
  const form = h(
    'form',
    { class: 'password-form', 'data-user-id': id, novalidate: true },
    h('label', { class: 'field-label', for: `new-password-${id}` }, `「${row.dataset.username}」的新密码（至少 ${MIN_PASSWORD} 位）`),
    h(
      'div',
      { class: 'password-form-row' },
      input,
      h('button', { type: 'submit', class: 'btn btn-primary btn-compact', 'data-action': 'account-password-save' }, '保存'),
      h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'account-password-cancel' }, '取消'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (input.value.length < MIN_PASSWORD) {
      input.setAttribute('aria-invalid', 'true');
      setStatus(accountsStatus, 'error', `密码至少 ${MIN_PASSWORD} 位`);
      input.focus();
      return;
    }
    const save = form.querySelector('button[type="submit"]');
    save.disabled = true;
    const answer = await request('POST', `/api/v1/admin/accounts/${encodeURIComponent(id)}/password`, { password: input.value });
    save.disabled = false;
    if (!answer.ok) {
      setStatus(accountsStatus, 'error', answer.message);
      return;
    }
    closePasswordRows();
    setStatus(accountsStatus, 'ok', `已重设「${row.dataset.username}」的密码。`);
  });
  const holder = h('tr', { class: 'password-row admin-only' }, h('td', { colspan: 3 }, form));
  row.after(holder);
  input.focus();
}

async function removeAccount(row, button) {
  const name = row.dataset.username;
  if (!window.confirm(`确定删除监票人账号「${name}」？\n\n删除后该账号不能再登录。`)) return;
  button.disabled = true;
  const answer = await request('POST', `/api/v1/admin/accounts/${encodeURIComponent(row.dataset.userId)}/remove`, {});
  button.disabled = false;
  if (!answer.ok) {
    setStatus(accountsStatus, 'error', answer.message);
    return;
  }
  closePasswordRows();
  row.remove();
  updateCount();
  setStatus(accountsStatus, 'ok', `已删除监票人账号「${name}」。`);
}

if (accountsBody) {
  accountsBody.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    const row = button.closest('tr');
    if (button.dataset.action === 'account-password') openPasswordRow(row);
    else if (button.dataset.action === 'account-remove') removeAccount(row, button);
    else if (button.dataset.action === 'account-password-cancel') closePasswordRows();
  });
}
