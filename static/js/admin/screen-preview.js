/**
 * 大屏实时预览 on the dashboard: the hall screen's own page in an <iframe>, laid out at
 * 1920×1080 and scaled down with a CSS transform to the width of its box, so the desk sees
 * exactly what the hall sees.
 */

const SCREEN_WIDTH = 1920;

const box = document.getElementById('screen-preview');
const frame = document.getElementById('screen-preview-frame');

function fit() {
  const scale = box.clientWidth / SCREEN_WIDTH;
  if (scale > 0) box.style.setProperty('--preview-scale', String(scale));
}

if (box && frame) {
  fit();
  if ('ResizeObserver' in window) new ResizeObserver(fit).observe(box);
  else window.addEventListener('resize', fit);
}
