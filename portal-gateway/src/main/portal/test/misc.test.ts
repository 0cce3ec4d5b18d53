import { describe, expect, it } from 'vitest';
import { Basket } from '../src/basket';
import { parseResolverAnswer, resolveName } from '../src/resolver';
import { randomUuid } from '../src/session';
import { ticks } from '../src/skyplot';
import { describeTimings, parseServerTiming } from '../src/timing';
import { positionColumns } from '../src/schema';

describe('timings', () => {
  it('parses Server-Timing headers', () => {
    expect(parseServerTiming('db;dur=12.5, render;desc="VOTable";dur=3, cache;desc=hit')).toEqual([['db', 12.5], ['render (VOTable)', 3]]);
  });
  it('describes steps and server entries', () => {
    expect(describeTimings({ steps: [['request', 40.2], ['total', 12345]], server: [['db', 30]] }))
      .toBe('request 40 ms · total 12.3 s · server: db 30 ms');
  });
});

describe('name resolution', () => {
  it('resolves common names from the local table without a network call', async () => {
    await expect(resolveName(' andromeda ', '')).resolves.toMatchObject({ name: 'M31', ra: 10.68471, dec: 41.26875, source: 'local table' });
  });
  it('says so when the name is unknown and there is no resolver', async () => {
    await expect(resolveName('NGC 9999', '')).rejects.toThrow('not in the local table and no external resolver is set');
  });
  it('reads Sesame XML and JSON answers', () => {
    expect(parseResolverAnswer('<Sesame><Resolver><jradeg>10.684708</jradeg><jdedeg>+41.268750</jdedeg></Resolver></Sesame>')).toEqual({ ra: 10.684708, dec: 41.26875 });
    expect(parseResolverAnswer('{"ra": 1.5, "dec": -2}')).toEqual({ ra: 1.5, dec: -2 });
    expect(parseResolverAnswer('<Sesame><INFO>nothing found</INFO></Sesame>')).toBeNull();
  });
});

describe('basket', () => {
  it('keeps rows once across searches in session storage', () => {
    sessionStorage.clear();
    const basket = new Basket(sessionStorage);
    expect(basket.add([{ accessUrl: 'u1', table: 't', label: 'a' }, { accessUrl: 'u2', table: 't', label: 'b' }])).toBe(2);
    expect(basket.add([{ accessUrl: 'u1', table: 't', label: 'a' }])).toBe(0);
    expect(new Basket(sessionStorage).all().map((i) => i.accessUrl)).toEqual(['u1', 'u2']);
    basket.remove('u1');
    expect(new Basket(sessionStorage).all()).toHaveLength(1);
  });
});

describe('misc', () => {
  it('makes version 4 UUIDs', () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('puts round ticks inside the range', () => {
    expect(ticks(92.71, 92.73)).toEqual([92.71, 92.715, 92.72, 92.725, 92.73]);
  });
  it('finds the main position columns in degrees by UCD', () => {
    expect(positionColumns([{ name: 'alpha', ucd: 'pos.eq.ra', unit: 'rad' }, { name: 'delta', ucd: 'pos.eq.dec', unit: 'rad' },
      { name: 'ra', ucd: 'pos.eq.ra;meta.main', unit: 'deg' }, { name: 'dec', ucd: 'pos.eq.dec;meta.main', unit: 'deg' }])).toEqual({ ra: 'ra', dec: 'dec' });
  });
});

describe('isNumeric', async () => {
  const { isNumeric } = await import('../src/schema');
  it('understands TAP_SCHEMA datatypes and the type names of JSON results', () => {
    expect(isNumeric({ datatype: 'long' })).toBe(true);
    expect(isNumeric({ datatype: 'Long' })).toBe(true);
    expect(isNumeric({ datatype: 'Double' })).toBe(true);
    expect(isNumeric({ datatype: 'int', arraysize: '10' })).toBe(false);
    expect(isNumeric({ datatype: 'int[]' })).toBe(false);
    expect(isNumeric({ datatype: 'String' })).toBe(false);
  });
});
