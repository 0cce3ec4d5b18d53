import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { Compartment, Prec } from '@codemirror/state';
import { sql, SQLDialect } from '@codemirror/lang-sql';
import './page';
import { loadAccount, renderAccount } from './account';
import { ADQL_FUNCTIONS, ADQL_KEYWORDS, buildAdql, FormError, type ColumnConstraint } from './adql';
import { Basket } from './basket';
import { DEFAULT_MAXREC, DEFAULT_RESOLVER_URL, LINKED_TABLES, MAX_LINKED_KEYS } from './config';
import { cutAndMerge, saveFile } from './cutmerge';
import { byId, h } from './dom';
import { Messages } from './messages';
import { LOCAL_OBJECT_NAMES } from './objects';
import { resolveName } from './resolver';
import { ResultTable } from './results';
import { SampConnection } from './samp';
import { isNumeric, isTimestamp, loadAllColumns, loadCategories, loadColumns, loadRanges, positionColumns, type ColumnInfo, type Range, type TableInfo } from './schema';
import { sessionClientId } from './session';
import { renderSkyPlot } from './skyplot';
import { TapClient, type TapResult } from './tap';
import { newTimings, timed, type Timings } from './timing';

const base = new URL('.', location.href).href.replace(/\/$/, '');
const clientId = sessionClientId();
const tap = new TapClient(`${base}/tap`, clientId);
const messages = new Messages(byId('messages'));
const basket = new Basket(sessionStorage, renderBasket);
const samp = new SampConnection();

interface FormState {
  table: TableInfo;
  columns: ColumnInfo[];
  ranges: Map<string, Range>;
}

let form: FormState | null = null;
let mode: 'form' | 'editor' = 'form';
let tables: ResultTable[] = [];
let lastQuery: { adql: string; table: string; maxrec: number } | null = null;
let running: AbortController | null = null;

// ---- Editor (CodeMirror 6 with an ADQL dialect of its SQL language) ----
const adqlDialect = SQLDialect.define({
  keywords: ADQL_KEYWORDS.join(' '),
  builtin: ADQL_FUNCTIONS.join(' '),
  types: 'smallint integer bigint real double precision char varchar timestamp',
});
const DEFAULT_ADQL = 'SELECT TOP 10 * FROM gaia.completesource';
const language = new Compartment();
const adqlLanguage = (schema: Record<string, string[]>) => sql({ dialect: adqlDialect, upperCaseKeywords: true, schema });
const editor = new EditorView({
  parent: byId('editor'),
  doc: DEFAULT_ADQL,
  extensions: [
    basicSetup,
    language.of(adqlLanguage({})),
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { void search(); return true; } }])),
    EditorView.contentAttributes.of({ 'aria-label': 'ADQL query', 'aria-multiline': 'true' }),
    EditorView.lineWrapping,
  ],
});

function setEditorText(text: string): void {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
}

// ---- Mode tabs (WAI-ARIA tabs pattern: arrows move between tabs) ----
function setMode(next: 'form' | 'editor', focus = false): void {
  mode = next;
  for (const m of ['form', 'editor'] as const) {
    const tab = byId(`tab-${m}`);
    tab.setAttribute('aria-selected', String(m === next));
    tab.tabIndex = m === next ? 0 : -1;
    byId(`panel-${m}`).hidden = m !== next;
    if (m === next && focus) tab.focus();
  }
}
byId('tab-form').addEventListener('click', () => setMode('form'));
byId('tab-editor').addEventListener('click', () => setMode('editor'));
for (const id of ['tab-form', 'tab-editor']) {
  byId(id).addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') setMode(mode === 'form' ? 'editor' : 'form', true);
  });
}

// ---- Collections tree ----
async function loadTree(): Promise<void> {
  const tree = byId('tree');
  try {
    const categories = await loadCategories(tap);
    tree.replaceChildren(...categories.map((category) => h('details', { open: true, className: 'category' },
      h('summary', {}, category.name),
      h('ul', {}, ...category.schemas.map((schema) => h('li', {},
        h('span', { className: 'schema', title: schema.description || undefined }, schema.name),
        h('ul', {}, ...schema.tables.map((table) => h('li', {},
          h('button', { type: 'button', className: 'table-link', 'data-table': table.name, title: table.description || undefined,
            onclick: () => void selectTable(table) }, table.name.replace(`${schema.name}.`, '')))))))))));
    if (!categories.length) tree.replaceChildren(h('p', { className: 'note' }, 'No collections are visible to you.'));
  } catch (e) {
    tree.replaceChildren(h('p', { className: 'error' }, `Collections could not be loaded: ${message(e)}`));
    messages.error(`Collections could not be loaded: ${message(e)}`);
  }
}

async function selectTable(table: TableInfo): Promise<void> {
  for (const b of document.querySelectorAll<HTMLButtonElement>('.table-link')) {
    if (b.dataset.table === table.name) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  setMode('form');
  byId('form-title').textContent = table.name;
  byId('form-description').textContent = table.description;
  const timings = newTimings();
  try {
    const columns = await timed(timings, 'columns', () => loadColumns(tap, table.name));
    form = { table, columns, ranges: new Map() };
    renderForm();
    const ranges = await timed(timings, 'ranges', () => loadRanges(tap, table.name, columns).catch((e) => {
      messages.info(`No range hints for ${table.name}: ${message(e)}`);
      return new Map<string, Range>();
    }));
    if (form?.table.name === table.name) {
      form.ranges = ranges;
      renderHints();
    }
    messages.info(`Table ${table.name}: ${columns.length} columns`, timings);
  } catch (e) {
    messages.error(`The columns of ${table.name} could not be loaded: ${message(e)}`);
  }
}

function renderForm(): void {
  if (!form) return;
  // arrays of numbers (ac_win_coord) cannot be bounded in ADQL; text columns are char arrays and can
  const rows = form.columns.filter((c) => !c.arraysize || c.arraysize === '1' || /char/i.test(c.datatype)).map((c) => {
    const ranged = isNumeric(c) || isTimestamp(c);
    const hintId = `hint-${c.name}`;
    return h('tr', { 'data-column': c.name },
      h('td', {}, h('input', { type: 'checkbox', checked: true, name: `show-${c.name}`, 'aria-label': `Show ${c.name}`, onchange: updatePreview })),
      h('th', { scope: 'row', title: [c.description, c.ucd].filter(Boolean).join(' — ') || undefined }, c.name,
        h('div', { className: 'hint', id: hintId })),
      h('td', { className: 'unit' }, c.unit),
      ranged
        ? h('td', {}, h('input', { name: `min-${c.name}`, 'aria-label': `${c.name} minimum`, 'aria-describedby': hintId, inputmode: isNumeric(c) ? 'decimal' : undefined, oninput: updatePreview }))
        : h('td', { colSpan: 2 }, h('input', { name: `value-${c.name}`, 'aria-label': `${c.name} equals (% and _ as wildcards)`, placeholder: 'equals (% _ wildcards)', oninput: updatePreview })),
      ranged ? h('td', {}, h('input', { name: `max-${c.name}`, 'aria-label': `${c.name} maximum`, 'aria-describedby': hintId, inputmode: isNumeric(c) ? 'decimal' : undefined, oninput: updatePreview })) : null);
  });
  byId('constraint-rows').replaceChildren(...rows);
  byId('constraints').hidden = false;
  byId('position').hidden = positionColumns(form.columns) === null;
  byId('adql-preview-box').hidden = false;
  updatePreview();
}

function renderHints(): void {
  if (!form) return;
  for (const [name, range] of form.ranges) {
    const hint = document.getElementById(`hint-${name}`);
    if (!hint || range.min === null) continue;
    hint.textContent = `range ${range.min} … ${range.max}`;
    const min = document.querySelector<HTMLInputElement>(`input[name="min-${CSS.escape(name)}"]`);
    const max = document.querySelector<HTMLInputElement>(`input[name="max-${CSS.escape(name)}"]`);
    if (min) min.placeholder = String(range.min);
    if (max) max.placeholder = String(range.max);
  }
}

function formAdql(): string {
  if (!form) throw new FormError('choose a collection table on the left first');
  const field = (name: string) => document.querySelector<HTMLInputElement>(`#search-form [name="${CSS.escape(name)}"]`);
  const constraints: Record<string, ColumnConstraint> = {};
  const selected: string[] = [];
  for (const c of form.columns) {
    constraints[c.name] = { min: field(`min-${c.name}`)?.value, max: field(`max-${c.name}`)?.value, value: field(`value-${c.name}`)?.value };
    if (field(`show-${c.name}`)?.checked !== false) selected.push(c.name);
  }
  if (!selected.length) throw new FormError('tick at least one column to show');
  const position = positionColumns(form.columns);
  const ra = byId<HTMLInputElement>('cone-ra').value.trim();
  const dec = byId<HTMLInputElement>('cone-dec').value.trim();
  let cone;
  if (position && (ra || dec)) {
    if (!ra || !dec || Number.isNaN(Number(ra)) || Number.isNaN(Number(dec))) throw new FormError('give both RA and Dec in degrees (or Resolve an object name)');
    cone = { ra: Number(ra), dec: Number(dec), radius: Number(byId<HTMLInputElement>('cone-radius').value), raColumn: position.ra, decColumn: position.dec };
  }
  return buildAdql({ table: form.table.name, columns: form.columns, selected, constraints, cone });
}

function updatePreview(): void {
  const preview = byId('adql-preview');
  try {
    preview.textContent = formAdql();
    preview.classList.remove('invalid');
  } catch (e) {
    preview.textContent = message(e);
    preview.classList.add('invalid');
  }
}
for (const id of ['cone-ra', 'cone-dec', 'cone-radius']) byId(id).addEventListener('input', updatePreview);

byId('to-editor').addEventListener('click', () => {
  try {
    setEditorText(formAdql());
    setMode('editor');
    editor.focus();
  } catch (e) {
    showError(message(e));
  }
});

// ---- Name resolution ----
const resolverInput = byId<HTMLInputElement>('resolver-url');
resolverInput.value = localStorage.getItem('portal.resolverUrl') ?? DEFAULT_RESOLVER_URL;
resolverInput.addEventListener('change', () => localStorage.setItem('portal.resolverUrl', resolverInput.value.trim()));
byId('object-names').replaceChildren(...LOCAL_OBJECT_NAMES.map((name) => h('option', { value: name })));
byId('resolve').addEventListener('click', async () => {
  const name = byId<HTMLInputElement>('objectName').value;
  const timings = newTimings();
  try {
    const found = await timed(timings, 'resolve', () => resolveName(name, resolverInput.value));
    byId<HTMLInputElement>('cone-ra').value = String(found.ra);
    byId<HTMLInputElement>('cone-dec').value = String(found.dec);
    updatePreview();
    messages.success(`${found.name} resolved by the ${found.source}: RA ${found.ra}°, Dec ${found.dec}°`, timings);
    clearError();
  } catch (e) {
    showError(message(e));
  }
});

// ---- Search ----
function queriedTable(adql: string): string {
  return /\bfrom\s+("?[\w.]+"?)/i.exec(adql)?.[1]?.replace(/"/g, '') ?? 'result';
}

async function search(): Promise<void> {
  clearError();
  let adql: string;
  try {
    adql = mode === 'form' ? formAdql() : editor.state.doc.toString().trim();
    if (!adql) throw new FormError('type an ADQL query first (or pick an example)');
  } catch (e) {
    showError(message(e));
    return;
  }
  const maxrec = Math.max(1, Number(byId<HTMLInputElement>('maxrec').value) || DEFAULT_MAXREC);
  const table = mode === 'form' && form ? form.table.name : queriedTable(adql);
  const asynchronous = byId<HTMLInputElement>('async').checked;
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const timings = newTimings();
  const started = performance.now();
  showProgress(asynchronous ? 'Submitting the job…' : 'Querying…');
  byId<HTMLButtonElement>('search').disabled = true;
  try {
    const result = asynchronous
      ? await tap.async(adql, maxrec, timings, (job) => showProgress(`Job ${job.jobId}: ${job.phase}`), controller.signal)
      : await tap.sync(adql, maxrec, timings, controller.signal);
    lastQuery = { adql, table, maxrec };
    await timed(timings, 'render', () => renderResults(table, result, adql));
    timings.steps.push(['total', performance.now() - started]);
    messages.success(`Search ${table}: ${result.data.length} row${result.data.length === 1 ? '' : 's'}${result.status === 'OVERFLOW' ? ' (row limit reached)' : ''}`, timings);
    await loadLinked(table, result);
  } catch (e) {
    timings.steps.push(['total', performance.now() - started]);
    showError(`Search failed: ${message(e)}`, timings);
  } finally {
    if (running === controller) running = null;
    hideProgress();
    byId<HTMLButtonElement>('search').disabled = false;
  }
}

async function loadLinked(table: string, result: TapResult): Promise<void> {
  const link = LINKED_TABLES.find((l) => l.table === table);
  const main = tables[0];
  if (!link || !main) return;
  const keyIndex = main.column(link.key);
  if (keyIndex < 0 || !result.data.length) return;
  const keys = [...new Set(result.data.map((row) => row[keyIndex]).filter((k) => k !== null))];
  if (keys.length > MAX_LINKED_KEYS) {
    messages.info(`${link.title} are shown for at most ${MAX_LINKED_KEYS} rows: narrow the search to see them`);
    return;
  }
  // integer keys unquoted (big ones arrive as exact strings), text keys as ADQL strings
  const numericKey = isNumeric(main.result.metadata[keyIndex]);
  const literal = (k: unknown) => (numericKey ? String(k) : `'${String(k).replace(/'/g, "''")}'`);
  const adql = `SELECT * FROM ${link.linked} WHERE ${link.key} IN (${keys.map(literal).join(', ')})`;
  const timings = newTimings();
  const started = performance.now();
  showProgress(`Loading the ${link.title.toLowerCase()} of ${keys.length} rows…`);
  try {
    const linked = await tap.sync(adql, 100000, timings);
    const view = await timed(timings, 'render', () => {
      const t = new ResultTable(link.title, link.linked, linked, adql, selectionChanged);
      byId('tables').append(t.element);
      return t;
    });
    tables.push(view);
    timings.steps.push(['total', performance.now() - started]);
    messages.success(`${link.title} (${link.linked}) of the ${keys.length} rows: ${linked.data.length} rows`, timings);
  } catch (e) {
    messages.error(`${link.title} could not be loaded: ${message(e)}`);
  }
}

function renderResults(table: string, result: TapResult, adql: string): void {
  const main = new ResultTable(LINKED_TABLES.find((l) => l.table === table)?.tableTitle ?? table, table, result, adql, selectionChanged);
  tables = [main];
  byId('tables').replaceChildren(main.element);
  byId('results').hidden = false;
  for (const format of ['votable', 'csv', 'fits']) {
    byId<HTMLAnchorElement>(`dl-${format}`).href = tap.syncUrl(adql, format, lastQuery?.maxrec);
  }
  selectionChanged();
}

function drawSkyPlot(): void {
  const main = tables[0];
  const figure = byId('skyplot-figure');
  const position = main ? positionColumns(main.result.metadata) : null;
  if (!main || !position || !main.result.data.length) {
    figure.hidden = true;
    return;
  }
  const ra = main.column(position.ra);
  const dec = main.column(position.dec);
  figure.hidden = false;
  renderSkyPlot(byId('skyplot'), main.result.data.slice(0, 2000).map((row, i) => ({ ra: Number(row[ra]), dec: Number(row[dec]), checked: main.isChecked(i) })),
    (i) => main.toggle(i));
}

function selectionChanged(): void {
  const selected = selectedAccessUrls().length;
  byId<HTMLButtonElement>('cutmerge').disabled = selected === 0;
  byId<HTMLButtonElement>('add-basket').disabled = selected === 0;
  byId('cutmerge').textContent = selected ? `Cut & Merge ${selected} selected` : 'Cut & Merge selected';
  drawSkyPlot();
}

function selectedRows(): { accessUrl: string; table: string; label: string }[] {
  return tables.flatMap((t) => {
    const url = t.column('access_url');
    if (url < 0) return [];
    // the row's main identifier (UCD meta.id;meta.main: source_id of sources, transit_id of transits) labels it
    const key = t.result.metadata.findIndex((c) => (c.ucd ?? '').split(';').includes('meta.id') && (c.ucd ?? '').includes('meta.main'));
    return t.checkedIndexes().filter((i) => typeof t.result.data[i][url] === 'string').map((i) => ({
      accessUrl: t.result.data[i][url] as string,
      table: t.table,
      label: `${t.table} ${key >= 0 ? t.result.data[i][key] : `row ${i + 1}`}`,
    }));
  });
}

function selectedAccessUrls(): string[] {
  return selectedRows().map((r) => r.accessUrl);
}

// ---- Cut & Merge ----
async function runCutMerge(urls: string[], what: string, button: HTMLButtonElement): Promise<void> {
  clearError();
  const timings = newTimings();
  const started = performance.now();
  button.disabled = true;
  showProgress(`Cut & Merge of ${urls.length} rows…`);
  try {
    const file = await cutAndMerge(base, urls, clientId, timings);
    timings.steps.push(['total', performance.now() - started]);
    saveFile(file.blob, file.fileName);
    messages.success(`Cut & Merge of ${what}: ${file.fileName}, ${file.rows} rows, ${formatBytes(file.blob.size)}${file.cache ? ` (cache ${file.cache})` : ''}`, timings);
  } catch (e) {
    timings.steps.push(['total', performance.now() - started]);
    showError(`Cut & Merge failed: ${message(e)}`, timings);
  } finally {
    hideProgress();
    button.disabled = false;
    selectionChanged();
    renderBasket();
  }
}
byId('cutmerge').addEventListener('click', () => {
  const urls = selectedAccessUrls();
  void runCutMerge(urls, `${urls.length} selected rows`, byId('cutmerge'));
});

// ---- Basket ----
byId('add-basket').addEventListener('click', () => {
  const rows = selectedRows();
  const added = basket.add(rows);
  messages.info(`${added} row${added === 1 ? '' : 's'} added to the basket${added < rows.length ? ` (${rows.length - added} already in it)` : ''}`);
});
byId('basket-cutmerge').addEventListener('click', () => {
  const items = basket.all();
  void runCutMerge(items.map((i) => i.accessUrl), `the basket (${items.length} rows)`, byId('basket-cutmerge'));
});
byId('basket-clear').addEventListener('click', () => {
  basket.clear();
  messages.info('The basket is empty');
});

function renderBasket(): void {
  const items = basket.all();
  byId('basket-count').textContent = String(items.length);
  byId('basket-items').replaceChildren(...items.map((item) => h('li', {},
    h('span', {}, item.label),
    h('button', { type: 'button', className: 'link', 'aria-label': `Remove ${item.label} from the basket`, onclick: () => basket.remove(item.accessUrl) }, 'Remove'))));
  byId<HTMLButtonElement>('basket-cutmerge').disabled = items.length === 0;
  byId<HTMLButtonElement>('basket-clear').disabled = items.length === 0;
}

// ---- SAMP ----
byId('samp-connect').addEventListener('click', async () => {
  try {
    if (!samp.connected) {
      messages.info('Asking the SAMP hub to accept this page (your VO tool may show a dialog)…');
      await samp.register();
    }
    const clients = await samp.subscribers('table.load.votable');
    const target = byId<HTMLSelectElement>('samp-target');
    target.replaceChildren(h('option', { value: '' }, 'All tools'), ...clients.map((c) => h('option', { value: c.id }, c.name)));
    target.hidden = false;
    byId('samp-send').hidden = false;
    messages.success(`Connected to the SAMP hub: ${clients.length ? clients.map((c) => c.name).join(', ') : 'no tool'} can load tables`);
  } catch (e) {
    showError(message(e));
  }
});
byId('samp-send').addEventListener('click', async () => {
  if (!lastQuery) return;
  try {
    const target = byId<HTMLSelectElement>('samp-target');
    await samp.sendTable(tap.syncUrl(lastQuery.adql, 'votable', lastQuery.maxrec), `portal-${Date.now()}`, lastQuery.table, target.value || undefined);
    messages.success(`Sent ${lastQuery.table} to ${target.selectedOptions[0]?.textContent ?? 'all tools'}`);
  } catch (e) {
    showError(message(e));
  }
});
window.addEventListener('pagehide', () => void samp.unregister().catch(() => {}));

// ---- Reset, progress, errors ----
byId('reset').addEventListener('click', () => {
  running?.abort();
  byId<HTMLFormElement>('search-form').reset();
  resolverInput.value = localStorage.getItem('portal.resolverUrl') ?? DEFAULT_RESOLVER_URL;
  setEditorText(DEFAULT_ADQL);
  byId<HTMLInputElement>('maxrec').value = String(DEFAULT_MAXREC);
  byId<HTMLInputElement>('async').checked = false;
  tables = [];
  lastQuery = null;
  byId('tables').replaceChildren();
  byId('results').hidden = true;
  clearError();
  updatePreview();
  messages.info('Form, editor and results reset (the basket is kept)');
});
byId('abort').addEventListener('click', () => running?.abort());
byId('search').addEventListener('click', () => void search());
byId('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void search();
});

function showProgress(text: string): void {
  byId('progress').hidden = false;
  byId('progress-text').textContent = text;
}

function hideProgress(): void {
  byId('progress').hidden = true;
}

function showError(text: string, timings?: Timings): void {
  const box = byId('error');
  box.textContent = text;
  box.hidden = false;
  messages.error(text, timings);
}

function clearError(): void {
  byId('error').hidden = true;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

// ---- Start ----
void loadAccount().then((account) => renderAccount(byId('account'), account, location));
renderBasket();
void loadTree();
tap.examples().then((examples) => {
  const select = byId<HTMLSelectElement>('examples');
  select.replaceChildren(h('option', { value: '' }, `Choose one of ${examples.length} examples…`),
    ...examples.map((ex, i) => h('option', { value: i, title: ex.description }, ex.name)));
  select.addEventListener('change', () => {
    const ex = examples[Number(select.value)];
    if (select.value !== '' && ex) setEditorText(ex.query);
  });
}).catch((e) => {
  byId<HTMLSelectElement>('examples').replaceChildren(h('option', { value: '' }, 'No examples'));
  messages.info(`Examples could not be loaded: ${message(e)}`);
});
loadAllColumns(tap).then((schema) => {
  editor.dispatch({ effects: language.reconfigure(adqlLanguage(schema)) });
}).catch(() => { /* completion of table and column names is a convenience */ });
