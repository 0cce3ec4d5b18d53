import { isNumeric, isTimestamp, type ColumnInfo } from './schema';

/** What the user typed for one column in the Form. */
export interface ColumnConstraint {
  min?: string;
  max?: string;
  /** text columns: equal to, or LIKE when it holds % or _ */
  value?: string;
}

export interface Cone {
  ra: number;
  dec: number;
  radius: number;
  /** the table's position columns */
  raColumn: string;
  decColumn: string;
}

export interface FormQuery {
  table: string;
  columns: ColumnInfo[];
  /** columns to select; all of them (or none given) gives SELECT * */
  selected?: string[];
  constraints: Record<string, ColumnConstraint>;
  cone?: Cone;
}

export class FormError extends Error {}

/**
 * The ADQL 2.1 query of the Form: `col < max AND col > min` for each bounded column, in the table's column order,
 * then the cone. Bounds are exclusive as in the reference portal, whose seed query is
 * `SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185`.
 */
export function buildAdql(form: FormQuery): string {
  const conditions: string[] = [];
  for (const column of form.columns) {
    const c = form.constraints[column.name];
    if (!c) continue;
    const max = c.max?.trim();
    const min = c.min?.trim();
    if (max) conditions.push(`${column.name} < ${literal(column, max)}`);
    if (min) conditions.push(`${column.name} > ${literal(column, min)}`);
    const value = c.value?.trim();
    if (value) conditions.push(`${column.name} ${/[%_]/.test(value) ? 'LIKE' : '='} ${quote(value)}`);
  }
  if (form.cone) {
    const { ra, dec, radius, raColumn, decColumn } = form.cone;
    if (!(radius > 0 && radius <= 180)) throw new FormError('the search radius must be between 0 and 180 degrees');
    if (!(dec >= -90 && dec <= 90)) throw new FormError('the declination must be between -90 and 90 degrees');
    // ADQL 2.1 §4.2.7; tap-service runs this form on its spatial index
    conditions.push(`1 = CONTAINS(POINT('ICRS', ${raColumn}, ${decColumn}), CIRCLE('ICRS', ${num(ra)}, ${num(dec)}, ${num(radius)}))`);
  }
  const all = form.columns.map((c) => c.name);
  const selected = form.selected && form.selected.length && form.selected.length < all.length
    ? all.filter((name) => form.selected!.includes(name)).join(', ')
    : '*';
  return `SELECT ${selected} FROM ${form.table}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

function literal(column: ColumnInfo, text: string): string {
  if (isNumeric(column)) {
    const value = Number(text);
    if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
      throw new FormError(`${column.name}: "${text}" is not a number`);
    }
    return text.replace(/^\+/, '');
  }
  if (isTimestamp(column)) {
    if (Number.isNaN(Date.parse(text))) throw new FormError(`${column.name}: "${text}" is not a date (e.g. 2016-01-01T00:00:00)`);
    return quote(text);
  }
  return quote(text);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** ADQL 2.1 reserved words and functions beyond SQL's, for the Editor's highlighting and completion. */
export const ADQL_KEYWORDS = ('select from where and or not as top distinct order by asc desc group having join inner outer left right '
  + 'full natural using on in between like ilike is null exists union intersect except all offset case when then else end with').split(' ');

export const ADQL_FUNCTIONS = ('abs ceiling degrees exp floor log log10 mod pi power radians rand round sqrt truncate acos asin atan atan2 cos cot sin tan '
  + 'avg count max min sum lower upper coalesce in_unit area box centroid circle contains coord1 coord2 coordsys distance intersects point polygon region '
  + 'ivo_nocasematch ivo_hashlist_has').split(' ');
