import { h } from '../dom.js';

/** A job's progress as the API reports it (percent), with what is running. */
export function progressBar(label: string) {
  const bar = h('progress', { max: 100, value: 0 });
  const text = h('span', {}, `${label}: pending`);
  const el = h('div', { class: 'progress' }, bar, text);
  return {
    el,
    update(percent: number, status: string) {
      bar.value = percent;
      text.textContent = `${label}: ${status} ${Math.round(percent)} %`;
    },
    done() {
      el.remove();
    },
  };
}
