const SVG = 'http://www.w3.org/2000/svg';

export interface SkyPoint {
  ra: number;
  dec: number;
  checked: boolean;
}

/**
 * A scatter plot of result positions (ICRS degrees), RA growing to the left as on the sky. Clicking a point calls
 * `onToggle` with its row index. Positions crossing RA 0 are unwrapped so the plot stays compact.
 */
export function renderSkyPlot(container: HTMLElement, points: SkyPoint[], onToggle: (index: number) => void): void {
  container.replaceChildren();
  const valid = points.map((p, i) => ({ ...p, i })).filter((p) => Number.isFinite(p.ra) && Number.isFinite(p.dec));
  if (!valid.length) {
    container.textContent = 'No positions to plot.';
    return;
  }
  const ras = valid.map((p) => p.ra);
  const wrap = Math.max(...ras) - Math.min(...ras) > 180;
  const x = (ra: number) => (wrap && ra > 180 ? ra - 360 : ra);
  let [raMin, raMax] = extent(valid.map((p) => x(p.ra)));
  let [decMin, decMax] = extent(valid.map((p) => p.dec));
  const pad = (lo: number, hi: number): [number, number] => {
    const span = Math.max(hi - lo, 1e-4);
    return [lo - span * 0.08, hi + span * 0.08];
  };
  [raMin, raMax] = pad(raMin, raMax);
  [decMin, decMax] = pad(decMin, decMax);
  const width = 420;
  const height = 300;
  const m = { left: 70, right: 16, top: 12, bottom: 44 };
  const px = (ra: number) => m.left + ((raMax - x(ra)) / (raMax - raMin)) * (width - m.left - m.right);
  const py = (dec: number) => m.top + ((decMax - dec) / (decMax - decMin)) * (height - m.top - m.bottom);

  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'skyplot',
    'aria-label': `Sky plot of ${valid.length} positions: RA ${fmt(raMin)} to ${fmt(raMax)} degrees, Dec ${fmt(decMin)} to ${fmt(decMax)} degrees` });
  svg.append(el('rect', { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom, class: 'frame' }));
  for (const t of ticks(raMin, raMax)) {
    const tx = m.left + ((raMax - t) / (raMax - raMin)) * (width - m.left - m.right);
    svg.append(el('line', { x1: tx, x2: tx, y1: height - m.bottom, y2: height - m.bottom + 4, class: 'tick' }));
    svg.append(text(fmt(t < 0 ? t + 360 : t), { x: tx, y: height - m.bottom + 16, 'text-anchor': 'middle' }));
  }
  for (const t of ticks(decMin, decMax)) {
    const ty = py(t);
    svg.append(el('line', { x1: m.left - 4, x2: m.left, y1: ty, y2: ty, class: 'tick' }));
    svg.append(text(fmt(t), { x: m.left - 6, y: ty + 4, 'text-anchor': 'end' }));
  }
  svg.append(text('RA [deg]', { x: (m.left + width - m.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }));
  svg.append(text('Dec [deg]', { x: 14, y: (m.top + height - m.bottom) / 2, 'text-anchor': 'middle', class: 'axis-label',
    transform: `rotate(-90 14 ${(m.top + height - m.bottom) / 2})` }));
  for (const p of valid) {
    const dot = el('circle', { cx: px(p.ra), cy: py(p.dec), r: p.checked ? 5 : 3.5, class: p.checked ? 'point checked' : 'point', 'data-row': p.i });
    const title = el('title', {});
    title.textContent = `row ${p.i + 1}: RA ${p.ra.toFixed(6)}, Dec ${p.dec.toFixed(6)}${p.checked ? ' (selected)' : ''}`;
    dot.append(title);
    dot.addEventListener('click', () => onToggle(p.i));
    svg.append(dot);
  }
  container.append(svg);
}

function extent(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** About five round tick values between lo and hi. */
export function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function fmt(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function text(content: string, attrs: Record<string, string | number>): SVGElement {
  const node = el('text', attrs);
  node.textContent = content;
  return node;
}
