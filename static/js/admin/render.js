/**
 * Draws a desk snapshot into the dashboard that templates/admin/dashboard.html rendered first.
 * Elements are updated in place, keyed by ballot id, so a snapshot arriving several times a
 * second never wipes the countdown someone is typing or the button someone is about to click.
 */

import { renderBallots } from './ballot_cards.js';
import { h } from './http.js';
import { renderPreview } from './preview.js';
import { renderScene, setChosenScene } from './scene.js';
import { FRACTION_NAMES, formatSeconds, setData, setText } from './words.js';

export { formatSeconds, setChosenScene };

export function render(snapshot) {
  setText(document.getElementById('meeting-name'), snapshot.meeting.name);
  const rehearsal = document.getElementById('rehearsal-banner');
  if (rehearsal) rehearsal.hidden = !snapshot.meeting.rehearsal;
  renderRoll(snapshot.roll);
  renderLeaveCleared(snapshot.leave_cleared);
  renderScene(snapshot);
  renderBallots(snapshot.ballots || []);
  renderPreview(snapshot);
}

function quorumText(roll) {
  const name = FRACTION_NAMES[roll.quorum_fraction] || roll.quorum_fraction;
  if (roll.quorum_met) return `已达法定人数（过${name}）`;
  const [top, bottom] = String(roll.quorum_fraction).split('/').map(Number);
  if (!bottom) return `未达法定人数（须过${name}）`;
  const needed = Math.floor((roll.expected * top) / bottom) + 1;
  return `未达法定人数（须过${name}，还差 ${needed - roll.present} 人）`;
}

function renderRoll(roll) {
  setText(document.getElementById('roll-expected'), String(roll.expected));
  setText(document.getElementById('roll-present'), String(roll.present));
  setText(document.getElementById('roll-on-leave'), String(roll.on_leave ?? 0));
  setText(document.getElementById('roll-absent'), String(roll.absent ?? roll.expected - roll.present));
  if (roll.line) setText(document.getElementById('roll-line'), roll.line);
  const quorum = document.getElementById('quorum');
  setText(quorum, quorumText(roll));
  setData(quorum, 'met', String(roll.quorum_met));

  const state = document.getElementById('sign-in-state');
  const notStarted = roll.sign_in_started === false;
  setText(state, roll.sign_in_open ? '签到进行中' : notStarted ? '签到尚未开始' : '签到已关闭');
  setData(state, 'open', String(roll.sign_in_open));

  const actions = document.getElementById('sign-in-actions');
  const wanted = roll.sign_in_open ? 'sign-in-close' : 'sign-in-open';
  const shown = actions.querySelector('button[data-action]');
  if (!shown || shown.dataset.action !== wanted) {
    actions.replaceChildren(
      roll.sign_in_open
        ? h('button', { type: 'button', class: 'btn btn-stop', 'data-action': 'sign-in-close' }, '结束签到')
        : h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'sign-in-open' }, '开始签到'),
    );
  }
}

/** Deputies on leave who signed in on their own phone: the leave was cleared, the desk is told. */
function renderLeaveCleared(deputies) {
  const note = document.getElementById('leave-cleared');
  if (!note) return;
  const names = (deputies || []).map((deputy) => deputy.name).join('、');
  note.hidden = !names;
  setText(note, names ? `${names}：请假后已用本人手机签到，请假已取消，计入实到。` : '');
}

/** Refresh every running countdown; `offset` is server clock minus this machine's clock. */
export function tickCountdowns(offset) {
  const now = Date.now() + offset;
  document.querySelectorAll('.countdown[data-closes-at]').forEach((element) => {
    const left = (Number(element.dataset.closesAt) - now) / 1000;
    if (left > 0) {
      const time = element.querySelector('.countdown-time');
      if (time) setText(time, formatSeconds(left));
      else element.replaceChildren('剩余 ', h('b', { class: 'countdown-time' }, formatSeconds(left)), ' 后自动结束');
    } else {
      setText(element, '时间到，正在自动结束…');
    }
  });
}
