import { h } from './dom';
import type { Cell, TapResult } from './tap';

/** Rows shown at most; the downloads hold the whole result. */
export const MAX_RENDERED_ROWS = 2000;

/** A result table with a checkbox per row (the rows to Cut & Merge, send or keep in the basket). */
export class ResultTable {
  readonly element: HTMLElement;
  private readonly checks: HTMLInputElement[] = [];
  private readonly selectAll: HTMLInputElement;
  private readonly status: HTMLElement;

  constructor(readonly title: string, readonly table: string, readonly result: TapResult, readonly adql: string,
              private readonly onChange: () => void) {
    const id = `result-${title.toLowerCase().replace(/\W+/g, '-')}`;
    this.selectAll = h('input', { type: 'checkbox', 'aria-label': `Select all ${title.toLowerCase()}`, onchange: () => this.setAll(this.selectAll.checked) });
    const header = h('tr', {}, h('th', { scope: 'col', className: 'check' }, this.selectAll),
      ...result.metadata.map((c) => h('th', { scope: 'col', title: [c.description, c.ucd].filter(Boolean).join(' — ') || undefined },
        c.name, c.unit ? h('span', { className: 'unit' }, ` [${c.unit}]`) : null)));
    const body = h('tbody');
    const shown = result.data.slice(0, MAX_RENDERED_ROWS);
    shown.forEach((row, index) => {
      const check = h('input', { type: 'checkbox', 'aria-label': `Select ${title.toLowerCase()} row ${index + 1}`, 'data-row': index, onchange: () => this.changed() });
      this.checks.push(check);
      body.append(h('tr', { 'data-row': index }, h('td', { className: 'check' }, check), ...row.map((cell, i) => cellElement(cell, result.metadata[i].name))));
    });
    const count = result.data.length;
    const overflow = result.status === 'OVERFLOW';
    this.status = h('p', { className: 'selection-count', 'aria-live': 'polite' });
    this.element = h('section', { className: 'result', 'aria-labelledby': `${id}-title`, 'data-table': table },
      h('h3', { id: `${id}-title` }, `${title} `, h('span', { className: 'count', 'data-rows': count }, `${count} row${count === 1 ? '' : 's'}${overflow ? ' (limit reached: more rows match)' : ''}`)),
      count > MAX_RENDERED_ROWS ? h('p', { className: 'note' }, `Showing the first ${MAX_RENDERED_ROWS} rows; download the result for all of them.`) : null,
      this.status,
      count === 0 ? h('p', { className: 'note' }, 'No rows match.')
        : h('div', { className: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `${title} table` },
          h('table', {}, h('caption', { className: 'visually-hidden' }, `${title} from ${table}`), h('thead', {}, header), body)));
    this.updateStatus();
  }

  column(name: string): number {
    return this.result.metadata.findIndex((c) => c.name === name);
  }

  checkedIndexes(): number[] {
    return this.checks.flatMap((c, i) => (c.checked ? [i] : []));
  }

  checkedRows(): Cell[][] {
    return this.checkedIndexes().map((i) => this.result.data[i]);
  }

  isChecked(index: number): boolean {
    return this.checks[index]?.checked ?? false;
  }

  toggle(index: number): void {
    const check = this.checks[index];
    if (!check) return;
    check.checked = !check.checked;
    this.changed();
  }

  setAll(checked: boolean): void {
    for (const check of this.checks) check.checked = checked;
    this.changed();
  }

  private changed(): void {
    const n = this.checkedIndexes().length;
    this.selectAll.checked = n > 0 && n === this.checks.length;
    this.selectAll.indeterminate = n > 0 && n < this.checks.length;
    this.updateStatus();
    this.onChange();
  }

  private updateStatus(): void {
    const n = this.checkedIndexes().length;
    this.status.textContent = n ? `${n} selected` : '';
    for (const [i, check] of this.checks.entries()) check.closest('tr')?.classList.toggle('checked', this.isChecked(i));
  }
}

function cellElement(cell: Cell, column: string): HTMLTableCellElement {
  if (cell === null || cell === undefined) return h('td', { className: 'null' });
  if (Array.isArray(cell)) return h('td', {}, cell.map((c) => (c === null ? '' : String(c))).join(' '));
  if (typeof cell === 'string' && /^https?:\/\//.test(cell) && column.endsWith('url')) {
    return h('td', {}, h('a', { href: cell, rel: 'noopener', target: '_blank' }, column === 'access_url' ? 'DataLink' : 'link'));
  }
  const numeric = typeof cell === 'number' || /^-?\d+$/.test(cell as string); // big integers arrive as strings
  return h('td', { className: numeric ? 'num' : undefined }, String(cell));
}
