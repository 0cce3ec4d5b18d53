import { localObject } from './objects';

export interface Resolved {
  name: string;
  ra: number;
  dec: number;
  /** "local table" or the resolver's host */
  source: string;
}

export class ResolverError extends Error {}

/** An object name to ICRS degrees: the local table first, then the external resolver URL (if any). */
export async function resolveName(name: string, resolverUrl: string, signal?: AbortSignal): Promise<Resolved> {
  const trimmed = name.trim();
  if (!trimmed) throw new ResolverError('type an object name first (e.g. M31)');
  const local = localObject(trimmed);
  if (local) return { ...local, source: 'local table' };
  if (!resolverUrl.trim()) throw new ResolverError(`"${trimmed}" is not in the local table and no external resolver is set`);
  const url = resolverUrl.includes('{name}') ? resolverUrl.replace('{name}', encodeURIComponent(trimmed)) : resolverUrl + encodeURIComponent(trimmed);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    throw new ResolverError(`"${trimmed}" is not in the local table and the resolver ${hostOf(url)} could not be reached `
      + `(offline, or it does not allow requests from this page: ${e instanceof Error ? e.message : e})`);
  }
  if (!response.ok) throw new ResolverError(`the resolver ${hostOf(url)} answered HTTP ${response.status}`);
  const position = parseResolverAnswer(await response.text());
  if (!position) throw new ResolverError(`the resolver ${hostOf(url)} does not know "${trimmed}"`);
  return { name: trimmed, ...position, source: hostOf(url) };
}

/** Sesame XML (`<jradeg>`/`<jdedeg>`) or JSON `{ra, dec}` (degrees). */
export function parseResolverAnswer(text: string): { ra: number; dec: number } | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed);
      const ra = Number(json.ra ?? json.RA);
      const dec = Number(json.dec ?? json.DEC);
      return Number.isFinite(ra) && Number.isFinite(dec) ? { ra, dec } : null;
    } catch {
      return null;
    }
  }
  const ra = /<jradeg>\s*([-+\d.eE]+)\s*<\/jradeg>/.exec(trimmed);
  const dec = /<jdedeg>\s*([-+\d.eE]+)\s*<\/jdedeg>/.exec(trimmed);
  return ra && dec ? { ra: Number(ra[1]), dec: Number(dec[1]) } : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url, location.href).host;
  } catch {
    return url;
  }
}
