/** The hall screen's scene (大屏显示) as the desk chose it, and its buttons and notes. */

import { SCENE_BUTTON_NAMES, SCENE_NAMES, SCENE_NOTES, setData, setText } from './words.js';

const desk = document.getElementById('desk');

// What the desk chose: auto, title, sign_in, showcase or ballot:<id>. The snapshot says it as
// `screen_scene` when the server sends it; otherwise it is followed from what this desk set
// and from what the screen shows.
let chosenScene = (desk && desk.dataset.screenScene) || 'auto';
let judgedSeq = desk ? Number(desk.dataset.seq) : null;

export function setChosenScene(scene) {
  chosenScene = scene;
  if (desk) desk.dataset.screenScene = scene;
}

function followChosenScene(snapshot) {
  if (typeof snapshot.screen_scene === 'string') {
    setChosenScene(snapshot.screen_scene);
    return;
  }
  // Judge each snapshot once: a redraw of the one shown before a choice must not undo it.
  if (snapshot.seq === judgedSeq) return;
  judgedSeq = snapshot.seq;
  const shown = snapshot.scene;
  if (shown === 'title' || shown === 'showcase') {
    setChosenScene(shown);
  } else if (chosenScene === 'title' || chosenScene === 'showcase') {
    setChosenScene('auto'); // another desk switched back
  } else if (chosenScene.startsWith('ballot:')) {
    const pinned = chosenScene.slice('ballot:'.length);
    if (shown === 'sign_in' || !snapshot.ballot || String(snapshot.ballot.id) !== pinned) setChosenScene('auto');
  }
}

export function renderScene(snapshot) {
  followChosenScene(snapshot);
  const chosen = chosenScene;
  document.querySelectorAll('#scene-buttons button[data-action]').forEach((button) => {
    const pressed = String(button.dataset.scene || button.dataset.action.slice('scene-'.length)) === chosen;
    if (button.getAttribute('aria-pressed') !== String(pressed)) button.setAttribute('aria-pressed', String(pressed));
  });
  const pinnedId = chosen.startsWith('ballot:') ? chosen.slice('ballot:'.length) : null;
  const pinned = pinnedId && (snapshot.ballots || []).find((ballot) => String(ballot.id) === pinnedId);
  const key = pinnedId ? 'ballot' : chosen;
  const note = document.getElementById('scene-note');
  setText(note, (SCENE_NOTES[key] || SCENE_NOTES.auto).replace('{}', pinned ? pinned.title : ''));
  setData(note, 'scene', key);
  const open = (snapshot.ballots || []).find((ballot) => ballot.state === 'open');
  const hidesVote = !!open && chosen !== 'auto' && chosen !== `ballot:${open.id}`;
  const warning = document.getElementById('scene-warning');
  if (warning) {
    warning.hidden = !hidesVote;
    setText(warning, `有投票正在进行，大屏却在显示${SCENE_NAMES[key] || '其他画面'}；点「自动跟随」才显示投票进度。`);
  }
  setText(document.getElementById('screen-preview-scene'), SCENE_BUTTON_NAMES[chosen] || '固定显示一项投票');
}

/** What the desk chose now: auto, title, sign_in, showcase or ballot:<id>. */
export function currentScene() {
  return chosenScene;
}
