/**
 * The desk's warning while the message queue (Redis) between server processes is down: shown
 * and hidden from each snapshot's `queue` (hall/live/queue.py).
 */

const warning = document.getElementById('queue-warning');

document.addEventListener('desk:snapshot', (event) => {
  const queue = event.detail.queue;
  if (warning && queue) warning.hidden = queue.up;
});
