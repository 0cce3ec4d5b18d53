/**
 * Common object names resolved without a network call: ICRS J2000 positions in degrees (SIMBAD, rounded to
 * 1e-5 degree). Keys are normalised with normaliseName.
 */
const OBJECTS: [string[], number, number][] = [
  [['M1', 'Crab Nebula', 'NGC 1952'], 83.63308, 22.0145],
  [['Crab Pulsar', 'PSR B0531+21'], 83.63322, 22.01446],
  [['M13', 'Hercules Cluster', 'NGC 6205'], 250.42183, 36.45986],
  [['M31', 'Andromeda', 'Andromeda Galaxy', 'NGC 224'], 10.68471, 41.26875],
  [['M33', 'Triangulum Galaxy', 'NGC 598'], 23.46204, 30.66015],
  [['M42', 'Orion Nebula', 'NGC 1976'], 83.82208, -5.39111],
  [['M45', 'Pleiades'], 56.75, 24.11667],
  [['M51', 'Whirlpool Galaxy', 'NGC 5194'], 202.46958, 47.19526],
  [['M87', 'Virgo A', 'NGC 4486'], 187.70593, 12.39112],
  [['M104', 'Sombrero Galaxy', 'NGC 4594'], 189.99763, -11.62305],
  [['LMC', 'Large Magellanic Cloud'], 80.89417, -69.75611],
  [['SMC', 'Small Magellanic Cloud'], 13.18667, -72.82861],
  [['Sgr A*', 'Galactic Centre', 'Galactic Center'], 266.41683, -29.00781],
  [['Omega Centauri', 'NGC 5139'], 201.69683, -47.47958],
  [['Sirius', 'alf CMa'], 101.28716, -16.71612],
  [['Vega', 'alf Lyr'], 279.23473, 38.78369],
  [['Betelgeuse', 'alf Ori'], 88.79294, 7.40706],
  [['Polaris', 'alf UMi'], 37.95456, 89.26411],
  [['3C 273'], 187.27792, 2.05239],
  [['3C 454.3'], 343.49062, 16.14821],
  [['Cyg X-1', 'Cygnus X-1'], 299.59032, 35.20161],
  [['Vela Pulsar', 'PSR B0833-45'], 128.83606, -45.17635],
  [['Geminga'], 98.47564, 17.77025],
  [['Mrk 421', 'Markarian 421'], 166.11381, 38.20883],
  [['Mrk 501', 'Markarian 501'], 253.46757, 39.76017],
];

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const BY_NAME = new Map<string, { name: string; ra: number; dec: number }>();
for (const [names, ra, dec] of OBJECTS) {
  for (const name of names) BY_NAME.set(normaliseName(name), { name: names[0], ra, dec });
}

export function localObject(name: string): { name: string; ra: number; dec: number } | undefined {
  return BY_NAME.get(normaliseName(name));
}

export const LOCAL_OBJECT_NAMES = OBJECTS.map(([names]) => names[0]);
