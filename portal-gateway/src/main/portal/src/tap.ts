import { errorMessage, parseExamples, parseJob, type Example, type UwsJob } from './votable';
import { parseServerTiming, timed, type Timings } from './timing';

/** One column of a TAP JSON result (tap-service's RESPONSEFORMAT=json). */
export interface ResultColumn {
  name: string;
  datatype: string;
  unit?: string | null;
  ucd?: string | null;
  description?: string | null;
  arraysize?: string | null;
  xtype?: string | null;
}

export type Cell = string | number | boolean | null | Cell[];

export interface TapResult {
  metadata: ResultColumn[];
  data: Cell[][];
  /** OK, or OVERFLOW when MAXREC cut the result (DALI 1.1 §4.4.3) */
  status: string;
}

export class TapError extends Error {}

/** Client of the archive's TAP 1.1 service (through the gateway: same origin, so no CORS). */
export class TapClient {
  constructor(readonly base: string, readonly clientId: string) {}

  /** The parameters of a query; `clientId` makes the rows' access_url selections belong to this session. */
  params(adql: string, format: string, maxrec?: number): URLSearchParams {
    const p = new URLSearchParams({ REQUEST: 'doQuery', LANG: 'ADQL', QUERY: adql, RESPONSEFORMAT: format, clientId: this.clientId });
    if (maxrec !== undefined) p.set('MAXREC', String(maxrec));
    return p;
  }

  /** A URL anyone (a download link, TOPCAT through SAMP) can GET for the result in a TAP RESPONSEFORMAT. */
  syncUrl(adql: string, format: string, maxrec?: number): string {
    return `${absolute(this.base)}/sync?${this.params(adql, format, maxrec)}`;
  }

  /** TAP 1.1 §2.3 synchronous query, JSON result; records request, transfer and parse times. */
  async sync(adql: string, maxrec: number, timings: Timings, signal?: AbortSignal): Promise<TapResult> {
    const response = await timed(timings, 'request', () => fetch(`${this.base}/sync`, {
      method: 'POST', body: this.params(adql, 'json', maxrec), signal,
    }).catch(networkError));
    timings.server.push(...parseServerTiming(response.headers.get('Server-Timing')));
    const text = await timed(timings, 'transfer', () => response.text());
    if (!response.ok) throw new TapError(errorMessage(response.status, response.statusText, text, response.headers.get('Content-Type')));
    return timed(timings, 'parse', () => parseJsonResult(text));
  }

  /**
   * TAP 1.1 §2.3 asynchronous query: create and run the job, then wait on it with UWS 1.1 §2.2.1.1 blocking
   * WAIT, telling `progress` each phase, and read the result. Aborting the signal aborts the job.
   */
  async async(adql: string, maxrec: number, timings: Timings, progress: (job: UwsJob) => void, signal: AbortSignal): Promise<TapResult> {
    const params = this.params(adql, 'json', maxrec);
    params.set('PHASE', 'RUN');
    // fetch follows the 303 to the job document
    const created = await timed(timings, 'submit', () => fetch(`${this.base}/async`, { method: 'POST', body: params }).catch(networkError));
    let text = await created.text();
    if (!created.ok) throw new TapError(errorMessage(created.status, created.statusText, text, created.headers.get('Content-Type')));
    const jobUrl = created.url;
    let job = parseJob(text);
    progress(job);
    const abort = () => { void fetch(`${jobUrl}/phase`, { method: 'POST', body: new URLSearchParams({ PHASE: 'ABORT' }) }); };
    signal.addEventListener('abort', abort, { once: true });
    try {
      await timed(timings, 'job', async () => {
        while (['PENDING', 'QUEUED', 'EXECUTING', 'HELD', 'SUSPENDED'].includes(job.phase)) {
          if (signal.aborted) throw new TapError('the job was aborted');
          const polled = await fetch(`${jobUrl}?WAIT=10&PHASE=${job.phase}`, { signal }).catch(networkError);
          text = await polled.text();
          if (!polled.ok) throw new TapError(errorMessage(polled.status, polled.statusText, text, polled.headers.get('Content-Type')));
          job = parseJob(text);
          progress(job);
        }
      });
      if (job.phase === 'ERROR') {
        const error = await fetch(`${jobUrl}/error`);
        throw new TapError(errorMessage(error.status, error.statusText, await error.text(), error.headers.get('Content-Type')));
      }
      if (job.phase !== 'COMPLETED') throw new TapError(`the job ended in phase ${job.phase}`);
      const resultUrl = job.resultUrl ?? `${jobUrl}/results/result`;
      const response = await timed(timings, 'result', () => fetch(resultUrl, { signal }).catch(networkError));
      const body = await timed(timings, 'transfer', () => response.text());
      if (!response.ok) throw new TapError(errorMessage(response.status, response.statusText, body, response.headers.get('Content-Type')));
      return timed(timings, 'parse', () => parseJsonResult(body));
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  async examples(): Promise<Example[]> {
    const response = await fetch(`${this.base}/examples`).catch(networkError);
    if (!response.ok) throw new TapError(`examples: HTTP ${response.status}`);
    return parseExamples(await response.text());
  }
}

export function parseJsonResult(text: string): TapResult {
  let json: { metadata?: ResultColumn[]; data?: Cell[][]; query_status?: string };
  try {
    json = JSON.parse(quoteBigIntegers(text));
  } catch {
    throw new TapError('the TAP service answered something that is not JSON');
  }
  if (!Array.isArray(json.metadata) || !Array.isArray(json.data)) throw new TapError('the TAP answer has no metadata or data');
  return { metadata: json.metadata, data: json.data, status: json.query_status ?? 'OK' };
}

/**
 * Integers beyond 2^53 (Gaia source_id, transit_id) lose digits as JavaScript numbers: outside JSON strings they
 * are turned into strings, so they are shown, selected and queried exactly.
 */
export function quoteBigIntegers(json: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 45) {
      let end = i + 1;
      while (end < json.length && /[0-9.eE+-]/.test(json[end])) end++;
      const token = json.slice(i, end);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${json.slice(last, i)}"${token}"`;
        last = end;
      }
      i = end - 1;
    }
  }
  return last === 0 ? json : out + json.slice(last);
}

export function absolute(url: string): string {
  return new URL(url, location.href).href.replace(/\/$/, '');
}

function networkError(e: unknown): never {
  if (e instanceof DOMException && e.name === 'AbortError') throw new TapError('cancelled');
  throw new TapError(`the archive could not be reached (${e instanceof Error ? e.message : String(e)})`);
}
