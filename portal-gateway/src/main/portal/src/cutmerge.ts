import { errorMessage, parseLinks } from './votable';
import { parseServerTiming, timed, type Timings } from './timing';

export class CutMergeError extends Error {}

export interface CutMergeFile {
  blob: Blob;
  fileName: string;
  rows: number;
  cache: string | null;
  selection: string;
}

/**
 * Cut & Merge of rows: their access_urls become one selection (POST /datalink/selections), whose DataLink document
 * has one #this link, the Cut & Merge of all rows (datalink-service); that HDF5 file is fetched.
 */
export async function cutAndMerge(base: string, accessUrls: string[], clientId: string, timings: Timings): Promise<CutMergeFile> {
  if (!accessUrls.length) throw new CutMergeError('select at least one row (the checkboxes of the result tables)');
  const form = new URLSearchParams();
  for (const url of accessUrls) form.append('ID', url);
  form.set('clientId', clientId);
  const created = await timed(timings, 'selection', () => fetch(`${base}/datalink/selections`, { method: 'POST', body: form }).catch(unreachable));
  const createdText = await created.text();
  if (created.status !== 201) {
    throw new CutMergeError(`the selection was refused: ${errorMessage(created.status, created.statusText, createdText, created.headers.get('Content-Type'))}`);
  }
  const selection = JSON.parse(createdText) as { id: string; rows: number; links: string };
  const linksResponse = await timed(timings, 'storage lookup', () => fetch(selection.links).catch(unreachable));
  timings.server.push(...parseServerTiming(linksResponse.headers.get('Server-Timing')));
  const linksText = await linksResponse.text();
  if (!linksResponse.ok) throw new CutMergeError(errorMessage(linksResponse.status, linksResponse.statusText, linksText, linksResponse.headers.get('Content-Type')));
  const links = parseLinks(linksText);
  const faults = links.filter((l) => l.errorMessage).map((l) => l.errorMessage);
  const cut = links.find((l) => l.semantics === '#this' && l.accessUrl);
  if (!cut?.accessUrl) throw new CutMergeError(`the selection has no Cut & Merge link${faults.length ? `: ${faults.join('; ')}` : ''}`);
  const response = await timed(timings, 'merge', () => fetch(cut.accessUrl!).catch(unreachable));
  timings.server.push(...parseServerTiming(response.headers.get('Server-Timing')));
  if (!response.ok) {
    throw new CutMergeError(errorMessage(response.status, response.statusText, await response.text(), response.headers.get('Content-Type')));
  }
  const blob = await timed(timings, 'download', () => response.blob());
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `cutmerge-${selection.id}.h5`;
  return { blob, fileName, rows: selection.rows, cache: response.headers.get('X-Cutmerge-Cache'), selection: selection.id };
}

/** Hands a fetched file to the browser's download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function unreachable(e: unknown): never {
  throw new CutMergeError(`the archive could not be reached (${e instanceof Error ? e.message : String(e)})`);
}
