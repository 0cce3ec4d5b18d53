/**
 * What the archive's data model does not say and the portal needs: how collections are grouped in the tree, and
 * which tables are linked (the Spoke 3 portal's Sources → Transits). A schema not listed here still appears,
 * under "Other".
 */
export const CATEGORIES: { name: string; schemas: string[] }[] = [
  { name: 'Observation', schemas: ['fermi', 'gaia', 'ivoa'] },
  { name: 'Simulation', schemas: ['pluto', 'ramses'] },
];

/** Schemas not shown in the tree (still queryable in the Editor). */
export const HIDDEN_SCHEMAS = ['TAP_SCHEMA', 'tap_schema', 'tap_upload', 'TAP_UPLOAD'];

/** Rows of `table` have linked rows in `linked`, matched on `key` (same column name in both). */
export interface LinkedTable {
  table: string;
  /** title of the table's own results */
  tableTitle: string;
  linked: string;
  key: string;
  /** title of the linked rows */
  title: string;
}

export const LINKED_TABLES: LinkedTable[] = [
  { table: 'gaia.completesource', tableTitle: 'Sources', linked: 'gaia.astroelementary', key: 'source_id', title: 'Transits' },
];

/** Most keys in one linked-table query (ADQL IN list). */
export const MAX_LINKED_KEYS = 500;

export const DEFAULT_MAXREC = 1000;

/**
 * External name resolver tried when the local table does not know a name: `{name}` is replaced by the URL-encoded
 * name. The answer may be Sesame XML (`<jradeg>`, `<jdedeg>`) or JSON with `ra` and `dec` in degrees. Users can
 * change it in the Form (kept in this browser); empty: local table only.
 */
export const DEFAULT_RESOLVER_URL = 'https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV?{name}';

/** SAMP 1.3 §6: the Web Profile hub listens on this port of the user's machine. */
export const SAMP_WEB_HUB_URL = 'http://localhost:21012/';
