import './page';
import { byId, h } from './dom';

interface ServiceStatus {
  service: string;
  url: string;
  status: string;
  detail: string;
}

/** GET api/status (StatusResource): each service's readiness, refreshed every 5 s. */
async function refresh(): Promise<void> {
  const body = byId('services');
  try {
    const response = await fetch('api/status');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const rows = (await response.json()) as ServiceStatus[];
    body.replaceChildren(...rows.map((s) => h('tr', {},
      h('th', { scope: 'row' }, s.service), h('td', { className: s.status }, s.status), h('td', {}, s.detail), h('td', {}, s.url))));
  } catch (e) {
    body.replaceChildren(h('tr', {}, h('td', { colSpan: 4, className: 'DOWN' }, `The gateway did not answer: ${e instanceof Error ? e.message : e}`)));
  }
}

void refresh();
setInterval(() => void refresh(), 5000);
