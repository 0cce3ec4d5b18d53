import { SAMP_WEB_HUB_URL } from './config';

/**
 * A SAMP 1.3 Web Profile client (§5: XML-RPC over HTTP to the hub on the user's machine, methods prefixed
 * `samp.webhub.`). It only sends (table.load.votable), so it needs no callbacks. SAMP values are strings, lists and
 * maps (§3.3), so XML-RPC <string>, <array> and <struct> suffice.
 */
export type SampValue = string | SampValue[] | { [key: string]: SampValue };

export class SampError extends Error {}

export function encodeCall(method: string, params: SampValue[]): string {
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>`
    + params.map((p) => `<param>${encodeValue(p)}</param>`).join('') + '</params></methodCall>';
}

function encodeValue(value: SampValue): string {
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  return '<value><struct>' + Object.entries(value)
    .map(([k, v]) => `<member><name>${escapeXml(k)}</name>${encodeValue(v)}</member>`).join('') + '</struct></value>';
}

/** The result of a methodResponse; a <fault> becomes a SampError with the hub's faultString. */
export function decodeResponse(text: string): SampValue {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new SampError('the SAMP hub answered something that is not XML-RPC');
  const fault = doc.querySelector('methodResponse > fault > value');
  if (fault) {
    const decoded = decodeValue(fault);
    const message = typeof decoded === 'object' && !Array.isArray(decoded) ? decoded.faultString : decoded;
    throw new SampError(`the SAMP hub refused: ${message}`);
  }
  const value = doc.querySelector('methodResponse > params > param > value');
  return value ? decodeValue(value) : '';
}

function decodeValue(value: Element): SampValue {
  const typed = value.firstElementChild;
  if (!typed) return value.textContent ?? ''; // XML-RPC: a bare <value> is a string
  switch (typed.tagName) {
    case 'array':
      return Array.from(typed.querySelector(':scope > data')?.children ?? []).map(decodeValue);
    case 'struct': {
      const map: { [key: string]: SampValue } = {};
      for (const member of Array.from(typed.children)) {
        const name = member.querySelector(':scope > name')?.textContent ?? '';
        const v = member.querySelector(':scope > value');
        map[name] = v ? decodeValue(v) : '';
      }
      return map;
    }
    default:
      return typed.textContent ?? '';
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SampClient {
  id: string;
  name: string;
}

export class SampConnection {
  private privateKey: string | null = null;

  constructor(private readonly hubUrl = SAMP_WEB_HUB_URL, private readonly name = 'Astro archive portal') {}

  get connected(): boolean {
    return this.privateKey !== null;
  }

  private async call(method: string, params: SampValue[]): Promise<SampValue> {
    let response: Response;
    try {
      response = await fetch(this.hubUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: encodeCall(`samp.webhub.${method}`, params),
      });
    } catch {
      throw new SampError(`no SAMP hub answers at ${this.hubUrl}: start TOPCAT or Aladin (they run a hub with the Web Profile), then try again`);
    }
    if (!response.ok) throw new SampError(`the SAMP hub answered HTTP ${response.status}`);
    return decodeResponse(await response.text());
  }

  /** §5.2.2 register: the hub may ask its user to accept this page first. */
  async register(): Promise<void> {
    const answer = await this.call('register', [{ 'samp.name': this.name }]);
    if (typeof answer !== 'object' || Array.isArray(answer) || typeof answer['samp.private-key'] !== 'string') {
      throw new SampError('the SAMP hub did not return a private key');
    }
    this.privateKey = answer['samp.private-key'];
    await this.call('declareMetadata', [this.privateKey, {
      'samp.name': this.name,
      'samp.description.text': 'Sends query results of the archive to VO tools',
      'samp.documentation.url': new URL('help.html', location.href).href,
    }]);
  }

  /** The clients subscribed to an MType, with their samp.name (TOPCAT, Aladin ...). */
  async subscribers(mtype: string): Promise<SampClient[]> {
    const key = this.requireKey();
    const subscribed = await this.call('getSubscribedClients', [key, mtype]);
    const ids = typeof subscribed === 'object' && !Array.isArray(subscribed) ? Object.keys(subscribed) : [];
    return Promise.all(ids.map(async (id) => {
      const meta = await this.call('getMetadata', [key, id]);
      const name = typeof meta === 'object' && !Array.isArray(meta) && typeof meta['samp.name'] === 'string' ? meta['samp.name'] : id;
      return { id, name };
    }));
  }

  /** MType table.load.votable (SAMP MTypes): the recipient downloads the VOTable from `url` itself. */
  async sendTable(url: string, tableId: string, name: string, recipient?: string): Promise<void> {
    const key = this.requireKey();
    const message = { 'samp.mtype': 'table.load.votable', 'samp.params': { url, 'table-id': tableId, name } };
    if (recipient) await this.call('notify', [key, recipient, message]);
    else await this.call('notifyAll', [key, message]);
  }

  async unregister(): Promise<void> {
    if (!this.privateKey) return;
    const key = this.privateKey;
    this.privateKey = null;
    await this.call('unregister', [key]);
  }

  private requireKey(): string {
    if (!this.privateKey) throw new SampError('not connected to a SAMP hub');
    return this.privateKey;
  }
}
