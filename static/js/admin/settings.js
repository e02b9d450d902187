/**
 * The settings page (templates/admin/settings.html): confirm() before the forms that cannot be
 * undone, worked examples under the fractions and the screen key; the scrutineer accounts are
 * in accounts.js. Scrutineers get none of the controls (CSS hides them; the server
 * refuses them anyway).
 */


import './accounts.js';
import { copyOnClick, request } from './http.js';
import { setStatus } from './status.js';

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
