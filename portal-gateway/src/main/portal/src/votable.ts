/** Reading the small XML documents the archive answers with: VOTable errors, DataLink links, UWS jobs. */

const VOTABLE_ERROR = /QUERY_STATUS/;

/**
 * The message of a DALI 1.1 §4.4 error document (`<INFO name="QUERY_STATUS" value="ERROR">message</INFO>`), or
 * null when the text is not one.
 */
export function votableErrorMessage(text: string): string | null {
  if (!VOTABLE_ERROR.test(text)) return null;
  const doc = parseXml(text);
  if (!doc) return null;
  for (const info of elements(doc, 'INFO')) {
    if (info.getAttribute('name') === 'QUERY_STATUS' && info.getAttribute('value') === 'ERROR') {
      return (info.textContent ?? '').trim() || 'the service reported an error without a message';
    }
  }
  return null;
}

/** The message to show for a failed HTTP answer: the VOTable error, a problem JSON's detail, or the status. */
export function errorMessage(status: number, statusText: string, body: string, contentType: string | null): string {
  const fromVotable = votableErrorMessage(body);
  if (fromVotable) return fromVotable;
  if (contentType?.includes('json')) {
    try {
      const json = JSON.parse(body);
      const parts = [json.error ?? json.title ?? json.message, json.detail, json.hint].filter(Boolean);
      if (Array.isArray(json.problems)) parts.push(...json.problems);
      if (parts.length) return parts.join(': ');
    } catch {
      // not JSON after all: fall through
    }
  }
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  const reason = status === 0 ? 'the server could not be reached' : `HTTP ${status} ${statusText}`.trim();
  return text && text.length < 300 ? `${reason}: ${text}` : reason;
}

/** One row of a DataLink 1.1 links table (§3.2); the columns the portal uses. */
export interface Link {
  id: string;
  accessUrl: string | null;
  serviceDef: string | null;
  errorMessage: string | null;
  semantics: string;
  description: string | null;
  contentType: string | null;
  contentLength: number | null;
}

/** The rows of a DataLink links table, read by FIELD name (DataLink 1.1 §3.2 fixes names, not positions). */
export function parseLinks(text: string): Link[] {
  const error = votableErrorMessage(text);
  if (error && !text.includes('<TABLEDATA')) throw new Error(error);
  const doc = parseXml(text);
  if (!doc) throw new Error('the DataLink answer is not XML');
  const names = elements(doc, 'FIELD').map((f) => f.getAttribute('name') ?? '');
  const column = (name: string) => names.indexOf(name);
  const rows = elements(doc, 'TR');
  return rows.map((tr) => {
    const cells = elements(tr, 'TD').map((td) => td.textContent ?? '');
    const cell = (name: string) => {
      const value = cells[column(name)];
      return value === undefined || value === '' ? null : value;
    };
    const length = cell('content_length');
    return {
      id: cell('ID') ?? '',
      accessUrl: cell('access_url'),
      serviceDef: cell('service_def'),
      errorMessage: cell('error_message'),
      semantics: cell('semantics') ?? '',
      description: cell('description'),
      contentType: cell('content_type'),
      contentLength: length === null ? null : Number(length),
    };
  });
}

/** What the portal needs of a UWS 1.1 job document. */
export interface UwsJob {
  jobId: string;
  phase: string;
  resultUrl: string | null;
}

export function parseJob(text: string): UwsJob {
  const doc = parseXml(text);
  if (!doc) throw new Error('the job document is not XML');
  const first = (name: string) => elements(doc, name)[0];
  const result = first('result');
  return {
    jobId: first('jobId')?.textContent?.trim() ?? '',
    phase: first('phase')?.textContent?.trim() ?? 'UNKNOWN',
    resultUrl: result?.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? result?.getAttribute('xlink:href') ?? null,
  };
}

/** TAP examples (DALI 1.1 §2.3): XHTML+RDFa elements typeof="example" with property="name" and "query". */
export interface Example {
  name: string;
  query: string;
  description: string;
}

export function parseExamples(text: string): Example[] {
  const doc = new DOMParser().parseFromString(text, 'text/html');
  return Array.from(doc.querySelectorAll('[typeof="example"]')).map((el) => ({
    name: el.querySelector('[property="name"]')?.textContent?.trim() ?? '',
    query: el.querySelector('[property="query"]')?.textContent?.trim() ?? '',
    description: el.querySelector('[property="description"]')?.textContent?.trim() ?? '',
  })).filter((e) => e.query);
}

/** Elements by local name, whatever their namespace prefix (VOTable 1.3/1.4, UWS documents differ). */
function elements(root: Document | Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagName('*')).filter((e) => e.localName === localName);
}

function parseXml(text: string): Document | null {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  return doc.getElementsByTagName('parsererror').length ? null : doc;
}
