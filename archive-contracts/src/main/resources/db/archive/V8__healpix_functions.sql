-- HEALPix for the ADQL 2.1 UDFs ivo_healpix_index and ivo_healpix_center (IVOA UDF catalogue), read by the TAP
-- service. Debian's pgSphere 1.1.1 has no HEALPix functions, so they are written out here: NESTED scheme, after the
-- reference code (Górski et al. 2005, ApJ 622, 759; healpix_base loc2pix and pix2loc), step for step as
-- archive-datagen's Healpix.java, which puts the level-12 index into Gaia's source_id (tap-service HealpixSqlTest
-- compares the two). Positions are ICRS degrees. Bad arguments raise SQLSTATE 22023, which the TAP service answers
-- with HTTP 400; NULL arguments give NULL (STRICT).
CREATE SCHEMA ivo;

-- abc -> 0a0b0c over the low 32 bits: in a base pixel the NESTED index is the Morton code of (x, y).
CREATE FUNCTION ivo.healpix_spread_bits(v bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    x bigint := v & 4294967295;               -- 0x00000000FFFFFFFF
BEGIN
    x := (x | (x << 16)) & 281470681808895;   -- 0x0000FFFF0000FFFF
    x := (x | (x << 8)) & 71777214294589695;  -- 0x00FF00FF00FF00FF
    x := (x | (x << 4)) & 1085102592571150095;  -- 0x0F0F0F0F0F0F0F0F
    x := (x | (x << 2)) & 3689348814741910323;  -- 0x3333333333333333
    RETURN (x | (x << 1)) & 6148914691236517205; -- 0x5555555555555555
END
$$;

-- The inverse, 0a0b0c -> abc: the even bits of v packed together.
CREATE FUNCTION ivo.healpix_compress_bits(v bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    x bigint := v & 6148914691236517205;
BEGIN
    x := (x | (x >> 1)) & 3689348814741910323;
    x := (x | (x >> 2)) & 1085102592571150095;
    x := (x | (x >> 4)) & 71777214294589695;
    x := (x | (x >> 8)) & 281470681808895;
    RETURN (x | (x >> 16)) & 4294967295;
END
$$;

CREATE FUNCTION ivo.healpix_check_order(hpx_order integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF hpx_order < 0 OR hpx_order > 29 THEN
        RAISE EXCEPTION 'HEALPix order must be an integer from 0 to 29, not %', hpx_order
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- ivo_healpix_index(order, ra, dec): the NESTED index of the cell of the given order holding (ra, dec), in degrees.
CREATE FUNCTION ivo.healpix_nest(hpx_order integer, ra_deg double precision, dec_deg double precision) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    two_thirds CONSTANT double precision := 2::double precision / 3;
    nside bigint;
    z double precision;
    za double precision;
    phi double precision;
    tt double precision;
    tp double precision;
    tmp double precision;
    jp bigint;
    jm bigint;
    ntt integer;
    face integer;
    ix bigint;
    iy bigint;
BEGIN
    PERFORM ivo.healpix_check_order(hpx_order);
    nside := 1::bigint << hpx_order;
    -- NaN compares above every number in PostgreSQL, so it fails both tests
    IF NOT (dec_deg >= -90 AND dec_deg <= 90) OR NOT (ra_deg > '-Infinity' AND ra_deg < 'Infinity') THEN
        RAISE EXCEPTION 'HEALPix position out of range: ra %, dec % (degrees; dec from -90 to 90)', ra_deg, dec_deg
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    z := sin(radians(dec_deg));
    za := abs(z);
    phi := radians(ra_deg);
    IF phi < 0 OR phi >= 2 * pi() THEN
        phi := phi - 2 * pi() * floor(phi / (2 * pi()));
    END IF;
    tt := phi / (pi() / 2);  -- in [0, 4)
    IF tt >= 4 OR tt < 0 THEN
        tt := 0;  -- ra a hair below 360 rounds up to 4: that is the cell at ra = 0
    END IF;

    IF za <= two_thirds THEN
        -- equatorial belt: indices of the ascending and descending edge lines through the point
        jp := trunc(nside * (0.5 + tt) - nside * z * 0.75)::bigint;
        jm := trunc(nside * (0.5 + tt) + nside * z * 0.75)::bigint;
        face := CASE WHEN jp >> hpx_order = jm >> hpx_order THEN (jp >> hpx_order) | 4
                     WHEN jp >> hpx_order < jm >> hpx_order THEN jp >> hpx_order
                     ELSE (jm >> hpx_order) + 8 END;
        ix := jm & (nside - 1);
        iy := nside - (jp & (nside - 1)) - 1;
    ELSE
        -- polar caps; near a pole 1 - |z| loses every digit, so sin(theta) = cos(dec) is used there instead
        ntt := least(3, trunc(tt)::integer);
        tp := tt - ntt;
        tmp := CASE WHEN za < 0.99 THEN nside * sqrt(3 * (1 - za))
                    ELSE nside * cos(radians(dec_deg)) / sqrt((1 + za) / 3) END;
        jp := least(trunc(tp * tmp)::bigint, nside - 1);
        jm := least(trunc((1 - tp) * tmp)::bigint, nside - 1);
        IF z >= 0 THEN
            face := ntt;
            ix := nside - jm - 1;
            iy := nside - jp - 1;
        ELSE
            face := ntt + 8;
            ix := jp;
            iy := jm;
        END IF;
    END IF;
    RETURN (face::bigint << (2 * hpx_order)) + ivo.healpix_spread_bits(ix) + (ivo.healpix_spread_bits(iy) << 1);
END
$$;

-- ivo_healpix_center(order, index): the centre of a NESTED cell as a pgSphere point.
CREATE FUNCTION ivo.healpix_center(hpx_order integer, hpx_index bigint) RETURNS spoint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    nside bigint;
    face integer;
    ix bigint;
    iy bigint;
    jr bigint;
    nr bigint;
    kshift integer := 0;
    jp bigint;
    one_minus_z double precision;
    z double precision;
    sin_theta double precision;
BEGIN
    PERFORM ivo.healpix_check_order(hpx_order);
    nside := 1::bigint << hpx_order;
    IF hpx_index < 0 OR hpx_index >= 12 * nside * nside THEN
        RAISE EXCEPTION 'HEALPix index % does not exist at order % (0 to %)', hpx_index, hpx_order,
            12 * nside * nside - 1 USING ERRCODE = 'invalid_parameter_value';
    END IF;
    face := (hpx_index >> (2 * hpx_order))::integer;
    ix := ivo.healpix_compress_bits(hpx_index & (nside * nside - 1));
    iy := ivo.healpix_compress_bits((hpx_index & (nside * nside - 1)) >> 1);
    -- ring number counted from the north pole (1 to 4 nside - 1); jrll, jpll of the reference code
    jr := (ARRAY[2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4])[face + 1] * nside - ix - iy - 1;
    IF jr < nside THEN  -- north cap
        nr := jr;
        one_minus_z := (nr * nr)::double precision / (3 * nside * nside);
        z := 1 - one_minus_z;
        sin_theta := sqrt(one_minus_z * (2 - one_minus_z));
    ELSIF jr > 3 * nside THEN  -- south cap
        nr := 4 * nside - jr;
        one_minus_z := (nr * nr)::double precision / (3 * nside * nside);
        z := one_minus_z - 1;
        sin_theta := sqrt(one_minus_z * (2 - one_minus_z));
    ELSE  -- equatorial belt
        nr := nside;
        z := (2 * nside - jr) * 2 / (3 * nside::double precision);
        sin_theta := sqrt((1 - z) * (1 + z));
        kshift := ((jr - nside) & 1)::integer;
    END IF;
    jp := ((ARRAY[1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7])[face + 1] * nr + ix - iy + 1 + kshift) / 2;
    IF jp > 4 * nside THEN
        jp := jp - 4 * nside;
    ELSIF jp < 1 THEN
        jp := jp + 4 * nside;
    END IF;
    RETURN spoint((jp - (kshift + 1) * 0.5) * (pi() / 2 / nr), atan2(z, sin_theta));
END
$$;
