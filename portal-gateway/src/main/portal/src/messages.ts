import { h } from './dom';
import { describeTimings, type Timings } from './timing';

export type Level = 'info' | 'success' | 'error';

/** The Messages pane: what each step did and where its time went; a live region, so screen readers hear it. */
export class Messages {
  constructor(private readonly list: HTMLElement) {}

  add(level: Level, text: string, timings?: Timings): void {
    const time = new Date().toLocaleTimeString();
    const item = h('li', { className: `message ${level}` },
      h('time', {}, time), ' ',
      h('span', { className: 'level' }, level === 'error' ? 'Error' : level === 'success' ? 'Done' : 'Info'), ' ',
      h('span', { className: 'text' }, text));
    if (timings && (timings.steps.length || timings.server.length)) {
      const total = timings.steps.find(([name]) => name === 'total');
      item.append(h('div', { className: 'timings', 'data-total-ms': total ? Math.round(total[1]) : undefined }, describeTimings(timings)));
    }
    this.list.prepend(item);
    while (this.list.children.length > 200) this.list.lastElementChild?.remove();
  }

  info(text: string, timings?: Timings): void {
    this.add('info', text, timings);
  }

  success(text: string, timings?: Timings): void {
    this.add('success', text, timings);
  }

  error(text: string, timings?: Timings): void {
    this.add('error', text, timings);
  }

  clear(): void {
    this.list.replaceChildren();
  }
}
