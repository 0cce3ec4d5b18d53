import { describe, expect, it } from 'vitest';
import { buildAdql, FormError } from '../src/adql';
import type { ColumnInfo } from '../src/schema';

const column = (name: string, datatype = 'double', extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
  name, datatype, unit: '', ucd: '', description: '', indexed: false, principal: false, arraysize: '', xtype: '', ...extra,
});
const gaia = [column('file_name', 'char', { arraysize: '*' }), column('source_id', 'long'), column('alpha'), column('delta'), column('ra'), column('dec')];

describe('buildAdql', () => {
  it('reproduces the reference seed query from Min/Max of alpha and delta', () => {
    const adql = buildAdql({
      table: 'gaia.completesource', columns: gaia,
      constraints: { alpha: { min: '1.61815', max: '1.61835' }, delta: { min: '0.40185', max: '0.40205' } },
    });
    expect(adql).toBe('SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185');
  });

  it('selects the ticked columns only when not all are ticked', () => {
    expect(buildAdql({ table: 't', columns: gaia, selected: ['source_id', 'ra'], constraints: {} })).toBe('SELECT source_id, ra FROM t');
    expect(buildAdql({ table: 't', columns: gaia, selected: gaia.map((c) => c.name), constraints: {} })).toBe('SELECT * FROM t');
  });

  it('adds a cone on the position columns that the spatial index serves', () => {
    const adql = buildAdql({ table: 'gaia.completesource', columns: gaia, constraints: {},
      cone: { ra: 10.68471, dec: 41.26875, radius: 0.5, raColumn: 'ra', decColumn: 'dec' } });
    expect(adql).toBe("SELECT * FROM gaia.completesource WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10.68471, 41.26875, 0.5))");
  });

  it('quotes text, uses LIKE for wildcards and escapes quotes', () => {
    const adql = buildAdql({ table: 't', columns: gaia, constraints: { file_name: { value: "O'Brien%" } } });
    expect(adql).toBe("SELECT * FROM t WHERE file_name LIKE 'O''Brien%'");
  });

  it('refuses a bound that is not a number, naming the column', () => {
    expect(() => buildAdql({ table: 't', columns: gaia, constraints: { alpha: { min: '1; DROP TABLE x' } } }))
      .toThrow(new FormError('alpha: "1; DROP TABLE x" is not a number'));
  });

  it('refuses an impossible cone', () => {
    expect(() => buildAdql({ table: 't', columns: gaia, constraints: {}, cone: { ra: 1, dec: 95, radius: 1, raColumn: 'ra', decColumn: 'dec' } }))
      .toThrow(/declination/);
  });
});
