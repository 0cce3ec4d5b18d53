"""Independent WCS oracle for the tests (astropy, Debian's python3-astropy via python3-pyvo).

usage: wcs_points.py FILE HDU MODE < points
  MODE world: each input line "x y" (FITS 1-based pixel) -> "ra dec" (ICRS degrees) or "nan nan"
  MODE pixel: each input line "ra dec" (ICRS degrees) -> "x y" (FITS 1-based pixel) or "nan nan"
"""
import sys
import warnings

import numpy as np
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.wcs import WCS, FITSFixedWarning

warnings.simplefilter("ignore", FITSFixedWarning)
path, hdu, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with fits.open(path) as f:
    wcs = WCS(f[hdu].header).celestial
frame = wcs.world_axis_physical_types
points = np.array([[float(v) for v in line.split()] for line in sys.stdin if line.strip()])
if mode == "world":
    world = wcs.pixel_to_world(points[:, 0] - 1, points[:, 1] - 1)
    icrs = world.icrs
    for ra, dec in zip(icrs.ra.deg, icrs.dec.deg):
        print(f"{ra!r} {dec!r}")
else:
    sky = SkyCoord(points[:, 0], points[:, 1], unit="deg", frame="icrs")
    with np.errstate(all="ignore"):
        x, y = wcs.world_to_pixel(sky)
    for a, b in zip(x, y):
        print(f"{a + 1!r} {b + 1!r}")
