/** The settings page's scrutineer accounts (监票人): add, new password, remove, through the API. */

import { h, request } from './http.js';
import { setStatus } from './status.js';

const ROLE_NAMES = { admin: '管理员', scrutineer: '监票人', department: '部门填报' };
const MIN_PASSWORD = 8;
const USERNAME = /^[A-Za-z0-9_.-]{2,30}$/;

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
