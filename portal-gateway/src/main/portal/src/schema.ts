import { TapClient, type Cell } from './tap';
import { CATEGORIES, HIDDEN_SCHEMAS } from './config';
import { newTimings } from './timing';

export interface TableInfo {
  schema: string;
  name: string;
  description: string;
}

export interface ColumnInfo {
  name: string;
  datatype: string;
  unit: string;
  ucd: string;
  description: string;
  indexed: boolean;
  principal: boolean;
  arraysize: string;
  xtype: string;
}

export interface Category {
  name: string;
  schemas: { name: string; description: string; tables: TableInfo[] }[];
}

const NUMERIC = new Set(['short', 'int', 'long', 'float', 'double', 'smallint', 'integer', 'bigint', 'real', 'unsignedbyte']);

/**
 * TAP_SCHEMA gives VOTable datatypes (`long`, arraysize for arrays); tap-service's JSON results give type names
 * (`Long`, `Double`, `int[]`): both are understood.
 */
export function isNumeric(column: { datatype: string; arraysize?: string | null }): boolean {
  const type = column.datatype.toLowerCase();
  return NUMERIC.has(type) && !column.arraysize && !type.endsWith('[]');
}

export function isTimestamp(column: { datatype: string; xtype?: string | null }): boolean {
  return column.xtype === 'timestamp' || column.datatype === 'timestamp';
}

/** The archive's collections as TAP_SCHEMA (TAP 1.1 §4) describes them, grouped by CATEGORIES. */
export async function loadCategories(tap: TapClient): Promise<Category[]> {
  const [schemas, tables] = await Promise.all([
    tap.sync('SELECT schema_name, description FROM TAP_SCHEMA.schemas ORDER BY schema_name', 1000, newTimings()),
    tap.sync('SELECT schema_name, table_name, description FROM TAP_SCHEMA.tables ORDER BY table_name', 10000, newTimings()),
  ]);
  const bySchema = new Map<string, { name: string; description: string; tables: TableInfo[] }>();
  for (const [name, description] of schemas.data as string[][]) {
    if (!HIDDEN_SCHEMAS.includes(name)) bySchema.set(name, { name, description: description ?? '', tables: [] });
  }
  for (const [schema, name, description] of tables.data as string[][]) {
    bySchema.get(schema)?.tables.push({ schema, name, description: description ?? '' });
  }
  const categories: Category[] = CATEGORIES.map((c) => ({
    name: c.name,
    schemas: c.schemas.map((s) => bySchema.get(s)).filter((s): s is NonNullable<typeof s> => !!s && s.tables.length > 0),
  }));
  const listed = new Set(CATEGORIES.flatMap((c) => c.schemas));
  const others = [...bySchema.values()].filter((s) => !listed.has(s.name) && s.tables.length > 0);
  if (others.length) categories.push({ name: 'Other', schemas: others });
  return categories.filter((c) => c.schemas.length > 0);
}

export async function loadColumns(tap: TapClient, table: string): Promise<ColumnInfo[]> {
  const result = await tap.sync(
    `SELECT column_name, datatype, unit, ucd, description, indexed, principal, arraysize, xtype FROM TAP_SCHEMA.columns WHERE table_name = '${table.replace(/'/g, "''")}' ORDER BY column_index`,
    10000, newTimings());
  return result.data.map(([name, datatype, unit, ucd, description, indexed, principal, arraysize, xtype]) => ({
    name: String(name), datatype: String(datatype), unit: str(unit), ucd: str(ucd), description: str(description),
    indexed: Number(indexed) === 1, principal: Number(principal) === 1, arraysize: str(arraysize), xtype: str(xtype),
  }));
}

/** Every table's columns, for the Editor's completion: one query. */
export async function loadAllColumns(tap: TapClient): Promise<Record<string, string[]>> {
  const result = await tap.sync('SELECT table_name, column_name FROM TAP_SCHEMA.columns ORDER BY table_name, column_index', 100000, newTimings());
  const byTable: Record<string, string[]> = {};
  for (const [table, column] of result.data as string[][]) (byTable[table] ??= []).push(column);
  return byTable;
}

export interface Range {
  min: Cell;
  max: Cell;
}

/**
 * Min/Max hints of the indexed numeric columns: an index answers MIN and MAX without a scan, so this stays cheap
 * on large tables; other columns get no hint.
 */
export async function loadRanges(tap: TapClient, table: string, columns: ColumnInfo[]): Promise<Map<string, Range>> {
  const ranged = columns.filter((c) => c.indexed && isNumeric(c));
  const ranges = new Map<string, Range>();
  if (!ranged.length) return ranges;
  const select = ranged.map((c, i) => `MIN(${c.name}) AS min${i}, MAX(${c.name}) AS max${i}`).join(', ');
  const result = await tap.sync(`SELECT ${select} FROM ${table}`, 1, newTimings());
  const row = result.data[0] ?? [];
  ranged.forEach((c, i) => ranges.set(c.name, { min: row[2 * i] ?? null, max: row[2 * i + 1] ?? null }));
  return ranges;
}

/** The position columns of a table (degrees, ICRS), found by UCD as in ObsCore and the Gaia description. */
export function positionColumns(columns: { name: string; ucd?: string | null; unit?: string | null }[]): { ra: string; dec: string } | null {
  const find = (ucd: string) => columns.find((c) => (c.ucd ?? '').split(';').includes(ucd) && (c.ucd ?? '').includes('meta.main') && (c.unit ?? 'deg') === 'deg')
    ?? columns.find((c) => c.ucd === ucd && c.unit === 'deg');
  const ra = find('pos.eq.ra');
  const dec = find('pos.eq.dec');
  return ra && dec ? { ra: ra.name, dec: dec.name } : null;
}

function str(value: Cell): string {
  return value === null || value === undefined ? '' : String(value);
}
