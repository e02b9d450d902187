// The sign-in scene (签到情况): 应到, 实到, the quorum, and who is still to sign in.

import { animateNumber, chineseFraction, h, moreThan, setText, toCount } from './dom.js';
import { meter, rollLine } from './scene_parts.js';

export class SignInView {
  constructor() {
    this.pill = h('span', { class: 'pill', id: 'sign-in-state' });
    this.expected = h('span', { class: 'figure-num', id: 'roll-expected' });
    this.present = h('span', { class: 'figure-num', id: 'roll-present' });
    this.presentBox = h(
      'p',
      { class: 'roll-figure', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { class: 'figure-label' }, '实到'),
      ' ',
      this.present,
      ' ',
      h('span', { class: 'figure-unit' }, '人'),
    );
    // 应到 230 人，实到 201 人，请假 2 人，缺席 29 人: the line as the chair reads it.
    this.line = h('p', { class: 'roll-line', id: 'roll-line' });
    this.meter = meter({ className: 'roll-meter' });
    this.quorumIcon = h('span', { class: 'quorum-icon', 'aria-hidden': 'true' });
    this.quorumText = h('span');
    this.quorum = h('p', { class: 'quorum', id: 'quorum' }, this.quorumIcon, this.quorumText);
    this.hint = h('p', { class: 'scene-hint' });
    this.el = h(
      'section',
      { class: 'scene scene-sign-in', dataset: { sceneView: 'sign_in' }, 'aria-labelledby': 'sign-in-title' },
      h('div', { class: 'scene-kicker' }, this.pill),
      h('h2', { class: 'scene-title', id: 'sign-in-title' }, '代表签到'),
      h(
        'div',
        { class: 'roll-figures' },
        h(
          'p',
          { class: 'roll-figure' },
          h('span', { class: 'figure-label' }, '应到'),
          ' ',
          this.expected,
          ' ',
          h('span', { class: 'figure-unit' }, '人'),
        ),
        this.presentBox,
      ),
      this.line,
      this.meter.el,
      this.quorum,
      this.hint,
    );
  }

  update(snapshot) {
    const roll = snapshot.roll ?? {};
    const expected = toCount(roll.expected);
    const present = toCount(roll.present);
    const open = Boolean(roll.sign_in_open);
    animateNumber(this.expected, expected);
    animateNumber(this.present, present, { busy: this.presentBox });

    // Before sign-in has ever opened, nobody has failed any quorum yet: say it has not started.
    const started = open || (roll.sign_in_started ?? present > 0);
    this.pill.className = `pill ${open ? 'pill-open' : 'pill-closed'}`;
    this.pill.dataset.open = String(open);
    setText(this.pill, open ? '签到进行中' : started ? '签到已结束' : '签到尚未开始');
    setText(this.hint, open ? '请各位代表扫描表决卡上的二维码签到' : '');
    setText(this.line, rollLine(roll));

    const fraction = roll.quorum_fraction ?? '1/2';
    const said = chineseFraction(fraction);
    const needed = moreThan(fraction, expected);
    this.meter.set(present, expected);
    this.meter.mark(needed, expected, said === '半数' ? `过半数 ${needed} 人` : `法定人数 ${needed} 人`);

    const met = Boolean(roll.quorum_met);
    this.quorum.dataset.quorumMet = started || met ? String(met) : 'not_started';
    this.quorumIcon.hidden = !started && !met;
    setText(this.quorumIcon, met ? '✓' : started ? '✗' : '');
    const metText = said === '半数' ? '已过半数，符合法定人数' : `已超过${said}，符合法定人数`;
    setText(this.quorumText, met ? metText : started ? '未达法定人数' : '签到尚未开始');
  }
}
