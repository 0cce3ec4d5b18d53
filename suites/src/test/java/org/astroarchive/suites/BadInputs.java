package org.astroarchive.suites;

import static org.astroarchive.suites.Probe.p;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates malformed inputs from one seed: the same seed gives the same inputs in the same order. Each category
 * mixes hand-picked classics with random mutations of valid requests.
 */
final class BadInputs {

    /** Valid ADQL over published public tables: the material the mutations start from. */
    static final List<String> VALID_QUERIES = List.of(
            "SELECT TOP 5 obs_publisher_did, s_ra, s_dec FROM ivoa.obscore WHERE s_ra > 10 AND s_dec < 80",
            "SELECT energy, ra, dec FROM fermi.photon WHERE energy BETWEEN 100 AND 1000 ORDER BY energy DESC",
            "SELECT COUNT(*) AS n, MAX(energy) FROM fermi.photon GROUP BY event_class HAVING COUNT(*) > 1",
            "SELECT p.ra, p.dec FROM fermi.photon AS p WHERE 1 = CONTAINS(POINT('ICRS', p.ra, p.dec), CIRCLE('ICRS', 7.6, 4.8, 2.5))",
            "SELECT DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 7.6, 4.8)) AS d FROM fermi.photon WHERE zenith_angle < 90",
            "SELECT table_name, description FROM TAP_SCHEMA.tables WHERE schema_name = 'ivoa' ORDER BY table_name",
            "SELECT s_ra, s_dec FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region, POLYGON('ICRS', 280, -70, 300, -70, 290, -60))",
            "SELECT column_name, datatype, unit FROM TAP_SCHEMA.columns WHERE table_name LIKE 'fermi.%'",
            "SELECT TOP 3 LOWER(obs_collection), COALESCE(em_min, 0) FROM ivoa.obscore WHERE obs_collection IN ('images', 'x')",
            "SELECT ra, dec FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), BOX('ICRS', 8, 5, 10, 10)) OFFSET 1");

    private static final String[] ODD = {"\u0000", "\u202e", "\ud83d\ude80", "\u00a0", "\u2028", "\ufeff", "\u0301", "\u00df", "\uffff",
            "\u3000", "\u200b", "\u0410", "\t", "\r\n", "\\", "%", "_", "'", "\"", "`", "--", "/*", "*/", "$$", "\u0001"};
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "(", ")", ",", "'", "\"", "*", "=", "<", ">",
            "TOP", "ORDER", "BY", "GROUP", "HAVING", "JOIN", "ON", "AS", "IN", "BETWEEN", "LIKE", "NULL", "IS", "DISTINCT", "UNION",
            "POINT", "CIRCLE", "CONTAINS", "1e999", "-", "+", "/", "||", ";", "."};

    private final Random random;
    private final SuiteArchive archive;
    private final String tap;
    private final String datalink;
    private final String cutmerge;
    private final String importer;

    BadInputs(long seed, SuiteArchive archive) {
        this.random = new Random(seed);
        this.archive = archive;
        this.tap = archive.tap.url() + "/tap";
        this.datalink = archive.datalink.url() + "/datalink";
        this.cutmerge = archive.cutmerge.url();
        this.importer = archive.importer.url();
    }

    private static <T> List<T> times(int n, Supplier<T> generator) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(generator.get());
        }
        return out;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // ---------------------------------------------------------------------------------------------- ADQL

    /** ADQL sent to /tap/sync: classics, then random mutations of the valid queries. */
    List<Probe> adqlSync(int n) {
        List<Probe> probes = new ArrayList<>();
        for (Probe classic : classicAdql()) {
            probes.add(classic);
        }
        while (probes.size() < n) {
            probes.add(mutatedAdql());
        }
        return probes.subList(0, Math.max(n, 0));
    }

    private Probe sync(String category, String adql) {
        return Probe.of(category, adql, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                p("QUERY", adql)), null));
    }

    private List<Probe> classicAdql() {
        String c = "adql-sync";
        return new ArrayList<>(List.of(
                sync(c, ""),
                sync(c, "   "),
                sync(c, "SELECT").mentioning("line", "column", "syntax", "position", "select"),
                sync(c, "SELECT * FROM").mentioning("line", "column", "syntax", "position"),
                sync(c, "SELECT nosuchcolumn FROM fermi.photon").mentioning("nosuchcolumn"),
                sync(c, "SELECT * FROM fermi.nosuchtable").mentioning("nosuchtable"),
                sync(c, "SELECT * FROM nosuchschema.t").mentioning("nosuchschema"),
                sync(c, "SELECT NOSUCHFUNC(energy) FROM fermi.photon").mentioning("nosuchfunc"),
                sync(c, "SELECT SQRT(energy, 2) FROM fermi.photon").mentioning("sqrt"),
                sync(c, "SELECT SIN() FROM fermi.photon").mentioning("sin"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', ra), CIRCLE('ICRS', 1, 2, 3))").mentioning("point"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2))").mentioning("circle"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), POLYGON('ICRS', 1, 2, 3, 4))").mentioning("polygon"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', 'a', 'b'), CIRCLE('ICRS', 1, 2, 3))"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('GALACTIC', ra, dec), CIRCLE('ICRS', 1, 2, 3))").mentioning("galactic"),
                sync(c, "SELECT * FROM fermi.photon WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1e308, 1e308, -1))").passable(),
                sync(c, "SELECT TOP 99999999999999999999 * FROM fermi.photon").passable(), // no more than MAXREC
                sync(c, "SELECT TOP -1 * FROM fermi.photon"),
                sync(c, "SELECT * FROM fermi.photon WHERE energy > 1e99999"),
                sync(c, "SELECT * FROM fermi.photon WHERE energy > 99999999999999999999999999999999999999999").passable(),
                sync(c, "SELECT * FROM fermi.photon WHERE energy / 0 > 1"),
                sync(c, "SELECT * FROM fermi.photon WHERE energy = 'abc'"),
                sync(c, "SELECT * FROM fermi.photon WHERE 'unterminated"),
                sync(c, "SELECT * FROM fermi.photon WHERE \"energy > 1"),
                sync(c, "SELECT * FROM fermi.photon WHERE ((energy > 1)"),
                sync(c, "SELECT * FROM fermi.photon WHERE energy > 1))"),
                sync(c, "SELECT ra, FROM fermi.photon"),
                sync(c, "SELECT ra dec energy FROM fermi.photon"),
                sync(c, "SELECT * FROM fermi.photon, fermi.photon"),
                sync(c, "SELECT ra FROM fermi.photon p JOIN ivoa.obscore o ON p.nosuch = o.s_ra").mentioning("nosuch"),
                sync(c, "SELECT CAST(energy AS NOSUCHTYPE) FROM fermi.photon").mentioning("nosuchtype"),
                sync(c, "SELECT * FROM fermi.photon WHERE ra IN ()"),
                sync(c, "SELECT * FROM fermi.photon ORDER BY 99").passable(),
                sync(c, "SELECT IN_UNIT(energy, 'parsec') FROM fermi.photon").mentioning("unit", "parsec"),
                sync(c, "SELECT IN_UNIT(energy, 'nosuchunit') FROM fermi.photon").mentioning("nosuchunit", "unit"),
                sync(c, "SELECT \u202eSELECT * FROM fermi.photon"),
                sync(c, "SELECT * FROM fermi.photon WHERE ra = \u0661"),
                sync(c, "SELECT * FROM fermi.photon WHERE ra = 1" + "\u0000").passable(), // trailing control characters are trimmed
                sync(c, "\ufeffSELECT * FROM fermi.photon").passable(),
                sync(c, "SELECT " + "(".repeat(2000) + "1" + ")".repeat(2000) + " FROM fermi.photon").passable(),
                sync(c, "SELECT " + "ra, ".repeat(3000) + "ra FROM fermi.photon").passable(),
                sync(c, "SELECT * FROM fermi.photon WHERE " + "ra > 1 AND ".repeat(2000) + "ra > 0").passable()));
    }

    private Probe mutatedAdql() {
        String valid = pick(VALID_QUERIES);
        List<String> tokens = new ArrayList<>(Arrays.asList(valid.split("(?<=[ ,()])|(?=[ ,()])")));
        String kind;
        String adql;
        int op = random.nextInt(13);
        switch (op) {
            case 0 -> { kind = "drop"; tokens.remove(random.nextInt(tokens.size())); adql = String.join("", tokens); }
            case 1 -> { kind = "duplicate"; int i = random.nextInt(tokens.size()); tokens.add(i, tokens.get(i)); adql = String.join("", tokens); }
            case 2 -> { kind = "swap"; int i = random.nextInt(tokens.size()); int j = random.nextInt(tokens.size());
                String t = tokens.get(i); tokens.set(i, tokens.get(j)); tokens.set(j, t); adql = String.join("", tokens); }
            case 3 -> { kind = "insert"; tokens.add(random.nextInt(tokens.size() + 1), " " + pick(TOKENS) + " "); adql = String.join("", tokens); }
            case 4 -> { kind = "unbalanced quote"; int i = valid.indexOf('\''); adql = i < 0 ? valid + " '" : valid.substring(0, i) + valid.substring(i + 1); }
            case 5 -> { kind = "unbalanced parenthesis"; adql = random.nextBoolean() ? valid.replaceFirst("\\)", "") : valid + ")"; }
            case 6 -> { kind = "unknown column"; String col = "col_" + Integer.toString(random.nextInt(1 << 20), 36);
                adql = valid.replaceFirst("SELECT (TOP \\d+ )?", "SELECT $1" + col + ", ");
                return sync("adql-sync", adql).mentioning(col); }
            case 7 -> { kind = "unknown table"; String table = "tbl_" + Integer.toString(random.nextInt(1 << 20), 36);
                adql = valid.replaceFirst("FROM [A-Za-z_]+\\.[a-z_]+", "FROM fermi." + table);
                return sync("adql-sync", adql).mentioning(table); }
            case 8 -> { kind = "unknown function"; String f = "fn_" + Integer.toString(random.nextInt(1 << 20), 36);
                adql = valid.replaceFirst("SELECT (TOP \\d+ )?", "SELECT $1" + f + "(1), ");
                return sync("adql-sync", adql).mentioning(f); }
            case 9 -> { kind = "wrong arity"; String g = pick(new String[] {"POINT('ICRS', 1)", "CIRCLE('ICRS', 1, 2)", "BOX('ICRS', 1, 2, 3)",
                    "POLYGON('ICRS', 1, 2, 3, 4, 5)", "DISTANCE(1, 2, 3)", "ABS(1, 2)", "COALESCE()", "POWER(2)", "ROUND()", "ATAN2(1)"});
                adql = valid.replaceFirst("SELECT (TOP \\d+ )?", "SELECT $1" + g + ", "); }
            case 10 -> { kind = "bad geometry"; String g = pick(new String[] {"CIRCLE('ICRS', 'x', 2, 3)", "CIRCLE('ICRS', 1, 2, -5)",
                    "POINT('ICRS', 1e400, 2)", "POLYGON('ICRS', 'a', 'b', 'c', 'd', 'e', 'f')", "CIRCLE(1, 2, 3, 4, 5)", "POINT(NULL, NULL, NULL)",
                    "CIRCLE('NOSUCHFRAME', 1, 2, 3)", "BOX('ICRS', 1, 2, -3, -4)", "CONTAINS(1, 2)", "INTERSECTS('a', 'b')"});
                adql = valid.replaceFirst("SELECT (TOP \\d+ )?", "SELECT $1" + g + " AS g, "); }
            case 11 -> { kind = "absurd number"; String number = pick(new String[] {"1e309", "-1e309", "99999999999999999999999999", "0x7fffffff",
                    "1.2.3", "1e", ".e1", "NaN", "Infinity", "--1", "1_000", "0000000000000000000000001"});
                adql = valid.replaceFirst("\\b\\d+(\\.\\d+)?\\b", number); }
            default -> { kind = "odd unicode"; String odd = pick(ODD); StringBuilder b = new StringBuilder(valid);
                b.insert(random.nextInt(b.length() + 1), odd); adql = b.toString(); }
        }
        // a mutation can leave a valid query (a duplicated space, a swap of two equal tokens): that may succeed
        return sync("adql-sync", adql).passable();
    }

    /** ADQL to /tap/async (PHASE=RUN); the job must end in ERROR with a message, or be refused when created. */
    List<Probe> adqlAsync(int n) {
        List<Probe> probes = new ArrayList<>();
        List<Probe> sync = adqlSync(n);
        for (Probe s : sync) {
            probes.add(new Probe("adql-async", s.input(), Probe.form(tap + "/async", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                    p("QUERY", s.input()), p("PHASE", "RUN")), null), s.mentions(), s.mayPass()));
        }
        return probes;
    }

    // ---------------------------------------------------------------------------------------------- TAP parameters

    List<Probe> tapParameters(int n) {
        String c = "tap-parameters";
        String q = "SELECT TOP 1 * FROM ivoa.obscore";
        List<Probe> probes = new ArrayList<>();
        String[] langs = {"", "SQL", "adql-3.0", "ADQL-", "PQL", "ADQL;DROP", "\u0000", "ADQL ADQL", "x".repeat(500)};
        String[] formats = {"", "text/nonsense", "votable/xx", "application/x-votable+xml;serialization=NOPE", "fits/bintable/x", "../etc/passwd",
                "html", "json;", "csv;header=maybe", "\u00e9", "*/*/*"};
        String[] maxrecs = {"-1", "abc", "1.5", "1e3", "99999999999999999999", "", " ", "0x10", "NaN", "-0", "+-1", "\u0661"};
        String[] uploads = {"t", "t,", ",param:a", "t,param:", "t,param:missing", "1t,param:a", "t t,param:a", "t,ftp://example.org/x",
                "t,file:///etc/passwd", "t,http://127.0.0.1:1/x", "t,http://169.254.169.254/latest/meta-data", "t,param:a;t,param:a",
                "t;u", ";", "t,http://[::1]/x", "t,http://", "thisnameismuchtoolongforatablenameinadqlreally,param:a", "t,param:a,b"};
        while (probes.size() < n) {
            int kind = random.nextInt(5);
            switch (kind) {
                case 0 -> { String lang = pick(langs);
                    Probe probe = Probe.of(c, "LANG=" + lang, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", lang), p("QUERY", q)), null));
                    probes.add(lang.isEmpty() ? probe.passable() : probe.mentioning("LANG")); }
                case 1 -> { String name = random.nextBoolean() ? "FORMAT" : "RESPONSEFORMAT"; String format = pick(formats);
                    Probe probe = Probe.of(c, name + "=" + format, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                            p("QUERY", q), p(name, format)), null));
                    probes.add(format.isEmpty() ? probe.passable() : probe.mentioning("FORMAT")); }
                case 2 -> { String maxrec = pick(maxrecs);
                    Probe probe = Probe.of(c, "MAXREC=" + maxrec, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                            p("QUERY", q), p("MAXREC", maxrec)), null));
                    probes.add(maxrec.isBlank() || maxrec.equals("-0") ? probe.passable() : probe.mentioning("MAXREC")); }
                case 3 -> { String upload = pick(uploads);
                    Probe probe = Probe.of(c, "UPLOAD=" + upload, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                            p("QUERY", q), p("UPLOAD", upload)), null)).mentioning("upload");
                    // ";" is an empty list of uploads: nothing to refuse
                    probes.add(upload.equals(";") ? probe.passable() : probe); }
                default -> { String request = pick(new String[] {"doNothing", "getCapabilities", "", "DOQUERY ", "doQuery;x"});
                    Probe probe = Probe.of(c, "REQUEST=" + request, Probe.form(tap + "/sync", List.of(p("REQUEST", request), p("LANG", "ADQL"),
                            p("QUERY", q)), null));
                    probes.add(request.isEmpty() ? probe.passable() : probe.mentioning("REQUEST").passable()); }
            }
        }
        return probes;
    }

    // ---------------------------------------------------------------------------------------------- uploads

    static final String GOOD_VOTABLE = """
            <?xml version="1.0"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
             <RESOURCE><TABLE>
              <FIELD name="id" datatype="long"/><FIELD name="ra" datatype="double" unit="deg"/>
              <DATA><TABLEDATA><TR><TD>1</TD><TD>10.5</TD></TR><TR><TD>2</TD><TD>11.5</TD></TR></TABLEDATA></DATA>
             </TABLE></RESOURCE>
            </VOTABLE>
            """;

    List<Probe> uploads(int n) {
        String c = "upload";
        List<String> broken = List.of(
                "", "not xml at all", "<VOTABLE>", "<?xml version=\"1.0\"?><VOTABLE/>",
                GOOD_VOTABLE.replace("</VOTABLE>", ""),
                GOOD_VOTABLE.replace("datatype=\"long\"", "datatype=\"nosuchtype\""),
                GOOD_VOTABLE.replace("<TD>1</TD>", "<TD>one</TD>"),
                GOOD_VOTABLE.replace("name=\"id\"", "name=\"\""),
                GOOD_VOTABLE.replace("name=\"id\"", "name=\"ra\""),
                GOOD_VOTABLE.replace("<FIELD name=\"id\" datatype=\"long\"/>", ""),
                GOOD_VOTABLE.replace("<TABLEDATA>", "<BINARY2><STREAM encoding=\"base64\">!!!notbase64!!!</STREAM></BINARY2><TABLEDATA>"),
                GOOD_VOTABLE.replace("<DATA>", "<DATA><BINARY><STREAM encoding=\"base64\">AAAA</STREAM></BINARY>").replace("<TABLEDATA>", "<X>").replace("</TABLEDATA>", "</X>"),
                GOOD_VOTABLE.replace("<TABLE>", "").replace("</TABLE>", ""),
                GOOD_VOTABLE.replace("datatype=\"double\"", "datatype=\"double\" arraysize=\"-3\""),
                GOOD_VOTABLE.replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>").replace("<TD>1</TD>", "<TD>&x;</TD>"),
                GOOD_VOTABLE.replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>").replace("<TD>1</TD>", "<TD>&f;</TD>"),
                "\u0000\u0001\u0002", "<VOTABLE version=\"1.4\"><RESOURCE><TABLE><FIELD name=\"x\"/></TABLE></RESOURCE></VOTABLE>",
                "SIMPLE  =                    T");
        List<Probe> probes = new ArrayList<>();
        while (probes.size() < n) {
            String votable;
            String what;
            if (probes.size() < broken.size()) {
                votable = broken.get(probes.size());
                what = "classic #" + probes.size();
            } else {
                byte[] bytes = GOOD_VOTABLE.getBytes(StandardCharsets.UTF_8);
                int mode = random.nextInt(3);
                if (mode == 0) {
                    int cut = 1 + random.nextInt(bytes.length - 40);
                    votable = new String(bytes, 0, cut, StandardCharsets.UTF_8);
                    what = "truncated at " + cut;
                } else if (mode == 1) {
                    int at = 60 + random.nextInt(bytes.length - 100);
                    bytes[at] = (byte) pick(new String[] {"<", ">", "\"", "&", "\u0000", "/"}).charAt(0);
                    votable = new String(bytes, StandardCharsets.UTF_8);
                    what = "byte " + at + " replaced";
                } else {
                    votable = GOOD_VOTABLE.replace("<TD>10.5</TD>", "<TD>" + pick(new String[] {"x", "1e999", "--", "\u00e9", "]]>", "1,5"}) + "</TD>");
                    what = "bad cell";
                }
            }
            String query = "SELECT * FROM TAP_UPLOAD.t";
            Probe probe = new Probe(c, what + ": " + abbreviate(votable), Probe.multipart(tap + "/sync", List.of(p("REQUEST", "doQuery"),
                    p("LANG", "ADQL"), p("QUERY", query), p("UPLOAD", "t,param:tbl")), Map.of("tbl", votable.getBytes(StandardCharsets.UTF_8)), null),
                    List.of(), what.startsWith("byte") || what.startsWith("truncated") || what.equals("bad cell") || LENIENT.contains(what));
            probes.add(probe);
        }
        return probes;
    }

    /**
     * Damage STIL reads through by design, so the query runs: an unknown datatype is read as text, a bad cell as
     * null, an empty or repeated column name is renamed, an unknown element is skipped; an external entity is not
     * resolved (SecurityIT checks that nothing of the entity's target reaches the result).
     */
    private static final List<String> LENIENT = List.of("classic #5", "classic #6", "classic #7", "classic #9", "classic #11",
            "classic #13", "classic #14");

    static String abbreviate(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }

    // ---------------------------------------------------------------------------------------------- files to the importer

    /** A malformed file for the importer. */
    record BadFile(String collection, String name, byte[] bytes, String what) {
    }

    List<BadFile> files(int n, Map<String, byte[]> originals) {
        List<BadFile> files = new ArrayList<>();
        List<String> kinds = List.of("images", "fermi", "gaia");
        while (files.size() < n) {
            int i = files.size();
            String collection = kinds.get(i % kinds.size());
            byte[] original = originals.get(collection);
            byte[] bytes;
            String what;
            int mode = random.nextInt(6);
            switch (mode) {
                case 0 -> { int cut = random.nextInt(Math.min(original.length, 8000)); bytes = Arrays.copyOf(original, cut); what = "truncated to " + cut + " bytes"; }
                case 1 -> { int cut = original.length / 2 + random.nextInt(original.length / 2 - 1); bytes = Arrays.copyOf(original, cut);
                    what = "truncated to " + cut + " of " + original.length + " bytes"; }
                case 2 -> { bytes = original.clone(); int at = random.nextInt(8); bytes[at] ^= (byte) (1 << random.nextInt(8));
                    what = "bit flipped in the magic at byte " + at; }
                case 3 -> { bytes = original.clone(); String magic = pick(new String[] {"GIF89a", "PK\u0003\u0004", "%PDF-1.7", "\u0089PNG\r\n", "{\"a\":1}"});
                    byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1); System.arraycopy(m, 0, bytes, 0, m.length); what = "wrong magic " + abbreviate(magic); }
                case 4 -> { bytes = new byte[random.nextInt(5000)]; random.nextBytes(bytes); what = "random garbage of " + bytes.length + " bytes"; }
                default -> { bytes = original.clone();
                    // FITS: the BITPIX/NAXIS cards' values; HDF5: the superblock's version and sizes
                    int at = collection.equals("gaia") ? 8 + random.nextInt(16) : 80 + 10 + random.nextInt(20);
                    byte replacement = (byte) pick(new String[] {"X", "?", "-", "\u0000", "9"}).charAt(0);
                    // a replacement equal to the byte would leave the file intact
                    bytes[at] = replacement != bytes[at] ? replacement : (byte) (replacement ^ 0x40);
                    what = "header byte " + at + " overwritten"; }
            }
            files.add(new BadFile(collection, String.format("bad-%05d-%s", i, collection.equals("gaia") ? "x.h5" : "x.fits"), bytes, what));
        }
        return files;
    }

    Probe upload(BadFile file) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(importer + "/api/files/" + file.collection() + "/" + file.name()
                        + "?scope=" + BadInputIT.BAD_SCOPE)).timeout(Probe.TIMEOUT).header("Content-Type", "application/octet-stream")
                .header("Authorization", SuiteArchive.AS_OPERATOR) // the operator's bad files: judged by their content
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file.bytes())).build();
        return Probe.of("importer-" + file.collection(), file.name() + " (" + file.what() + ")", request);
    }

    // ---------------------------------------------------------------------------------------------- DataLink

    List<Probe> dataLinkIds(int n) {
        String c = "datalink-id";
        String a = SuiteArchive.AUTHORITY;
        List<String> classics = new ArrayList<>(List.of("", " ", "x", "ivo://", "ivo:///", "ivo://" + a, "ivo://" + a + "/",
                "ivo://" + a + "/gaia.completesource", "ivo://" + a + "/gaia.completesource?", "ivo://" + a + "/gaia.completesource?abc",
                "ivo://" + a + "/gaia.completesource?1e5", "ivo://" + a + "/gaia.completesource?99999999999999999999999",
                "ivo://" + a + "/gaia.completesource?-1", "ivo://" + a + "/nosuch.table?1", "ivo://" + a + "/gaia.nosuch?1",
                "ivo://other.authority/gaia.completesource?1", "ivo://" + a + "/images?", "ivo://" + a + "/images?nocolon",
                "ivo://" + a + "/images?images:", "ivo://" + a + "/images?:x", "ivo://" + a + "/images?images:../../etc/passwd",
                "ivo://" + a + "/nosuch?images:x.fits", "http://localhost/datalink?id=not-a-uuid&clientId=x",
                "http://localhost/datalink?id=" + java.util.UUID.randomUUID() + "&clientId=" + java.util.UUID.randomUUID(),
                "http://localhost/datalink?ID=", "http://localhost/datalink?ID=ivo%3A%2F%2Fx", "ivo://" + a + "/a.b.c?1",
                "ivo://" + a + "/'; DROP TABLE x; --?1", "ivo://" + a + "/gaia.completesource?1 OR 1=1", "\u0000", "\ud83d\ude80",
                "ivo://" + a + "/gaia.completesource?1#frag", "ivo://" + a + "/GAIA.COMPLETESOURCE?1", "ivo://" + a + "/fermi?fermi:nosuch.fits"));
        List<Probe> probes = new ArrayList<>();
        while (probes.size() < n) {
            String id;
            if (probes.size() < classics.size()) {
                id = classics.get(probes.size());
            } else {
                String base = pick(classics);
                StringBuilder b = new StringBuilder(base.isEmpty() ? "ivo://" : base);
                int m = random.nextInt(3);
                if (m == 0) {
                    b.insert(random.nextInt(b.length() + 1), pick(ODD));
                } else if (m == 1) {
                    b.setLength(random.nextInt(b.length() + 1));
                } else {
                    b.append(pick(new String[] {"?", "&", "%", "%00", "/..", "'", "\"", "?" + random.nextLong()}));
                }
                id = b.toString();
            }
            // DataLink 1.1: a bad ID is a fault row in a 200 answer; no ID at all is a 400
            boolean get = random.nextBoolean();
            List<Map.Entry<String, String>> params = List.of(p("ID", id));
            Probe probe = Probe.of(c, "ID=" + id, get ? Probe.get(datalink, params, null) : Probe.form(datalink, params, null));
            probes.add(probe);
        }
        List<Probe> more = new ArrayList<>(probes);
        more.add(Probe.of(c, "RESPONSEFORMAT=text/nonsense", Probe.get(datalink, List.of(p("ID", "ivo://" + a + "/images?images:1904-66_AZP.fits"),
                p("RESPONSEFORMAT", "text/nonsense")), null)).mentioning("RESPONSEFORMAT"));
        more.add(Probe.of(c, "101 IDs", Probe.form(datalink, times(101, () -> p("ID", "ivo://" + a + "/images?images:" + random.nextInt())), null))
                .mentioning("100", "ID"));
        more.add(Probe.of(c, "no ID", Probe.get(datalink, List.of(), null)).mentioning("ID"));
        return more.subList(0, Math.min(more.size(), Math.max(n, 3)));
    }

    // ---------------------------------------------------------------------------------------------- SODA

    List<Probe> soda(int n) {
        String c = "soda";
        String id = SuiteArchive.IMAGE_ID;
        String[][] classics = {
                {"POS", ""}, {"POS", "CIRCLE"}, {"POS", "CIRCLE 1 2"}, {"POS", "CIRCLE a b c"}, {"POS", "CIRCLE 1 2 -3"}, {"POS", "CIRCLE 1 95 1"},
                {"POS", "CIRCLE NaN 1 1"}, {"POS", "CIRCLE 1e999 1 1"}, {"POS", "SQUARE 1 2 3"}, {"POS", "RANGE 1 2 3"}, {"POS", "RANGE 5 1 2 3 4"},
                {"POS", "RANGE a b c d"}, {"POS", "RANGE 1 2 100 -100"}, {"POS", "POLYGON 1 2 3 4"}, {"POS", "POLYGON 1 2 3 4 5"},
                {"POS", "POLYGON a b c d e f"}, {"POS", "POLYGON 1 2 1 2 1 2"}, {"CIRCLE", "1 2"}, {"CIRCLE", "x y z"}, {"CIRCLE", "1 2 3 4"},
                {"CIRCLE", "400 0 1 "}, {"CIRCLE", "0 -91 1"}, {"CIRCLE", "0 0 -1"}, {"CIRCLE", "0 0 181"}, {"POLYGON", "1 2 3"},
                {"POLYGON", "1 2 3 4 5 6 7"}, {"POLYGON", "1 2 3 4 5 x"}, {"BAND", "1"}, {"BAND", "a b"}, {"BAND", "6e-7 5e-7"},
                {"BAND", "1 2 3"}, {"BAND", "-Inf -Inf"}, {"BAND", "NaN 1"}, {"TIME", "x"}, {"TIME", "55000 50000"}, {"TIME", "1 2 3"},
                {"POL", "I"}, {"RESPONSEFORMAT", "text/html"}, {"ID", "ivo://other/images?images:x.fits"}, {"ID", "garbage"},
                {"ID", ""}, {"ID", "ivo://" + SuiteArchive.AUTHORITY + "/images?images:nosuch.fits"}};
        List<Probe> probes = new ArrayList<>();
        String[] names = {"POS", "CIRCLE", "POLYGON", "BAND", "TIME"};
        String[] garbage = {"", "x", "1", "1 2", "1 2 3 4 5 6 7 8 9", "NaN NaN NaN", "1e999 0 1", "Inf", "-Inf +Inf x", "\u0661 \u0662 \u0663",
                "CIRCLE", "RANGE", "POLYGON", "1,2,3", "1;2;3", "%00", "' OR 1=1 --", "0x1 0x2 0x3", "1 2 3 ".repeat(500)};
        while (probes.size() < n) {
            String name;
            String value;
            if (probes.size() < classics.length) {
                name = classics[probes.size()][0];
                value = classics[probes.size()][1];
            } else {
                name = pick(names);
                value = name.equals("POS") ? pick(new String[] {"CIRCLE ", "RANGE ", "POLYGON ", "BOX ", ""}) + pick(garbage) : pick(garbage);
            }
            List<Map.Entry<String, String>> params = new ArrayList<>();
            if (!name.equals("ID")) {
                params.add(p("ID", id));
            }
            params.add(p(name, value));
            Probe probe = Probe.of(c, name + "=" + abbreviate(value), random.nextBoolean() ? Probe.get(cutmerge + "/soda", params, null)
                    : Probe.form(cutmerge + "/soda", params, null));
            // DALI: an empty value means "not given": the whole image is then a valid answer. Random numbers can
            // make a valid region or interval, and RA wraps (400 is 40, README): those may pass.
            boolean numeric = probes.size() >= classics.length
                    && value.replaceFirst("^(CIRCLE|RANGE|POLYGON) ", "").matches("[\\s\\d.eE+-]*");
            if (value.isEmpty() && !name.equals("ID") || numeric || value.equals("400 0 1 ")) {
                probe = probe.passable();
            } else if (!name.equals("ID")) {
                probe = probe.mentioning(name, value.isBlank() ? name : value.trim().split("\\s+")[0]);
            }
            probes.add(probe);
        }
        List<Probe> more = new ArrayList<>(probes);
        more.add(Probe.of(c, "POS and CIRCLE together", Probe.get(cutmerge + "/soda", List.of(p("ID", id), p("POS", "CIRCLE 1 2 3"), p("CIRCLE", "1 2 3")), null)));
        more.add(Probe.of(c, "ID twice", Probe.get(cutmerge + "/soda", List.of(p("ID", id), p("ID", id)), null)).mentioning("ID"));
        more.add(Probe.of(c, "no ID", Probe.get(cutmerge + "/soda", List.of(p("CIRCLE", "1 2 3")), null)).mentioning("ID"));
        return more.subList(0, Math.min(more.size(), Math.max(n, 3)));
    }

    // ---------------------------------------------------------------------------------------------- Cut & Merge

    List<Probe> cutMerge(int n) {
        String c = "cutmerge";
        String a = SuiteArchive.AUTHORITY;
        List<String> ids = List.of("", "x", "ivo://" + a + "/gaia.completesource", "ivo://" + a + "/gaia.completesource?",
                "ivo://" + a + "/gaia.completesource?abc", "ivo://" + a + "/gaia.completesource?1.5", "ivo://" + a + "/gaia.completesource?-0",
                "ivo://" + a + "/gaia.completesource?99999999999999999999999", "ivo://" + a + "/nosuch.table?1", "ivo://" + a + "/images?images:1904-66_AZP.fits",
                "ivo://other/gaia.completesource?1", "ivo://" + a + "/fermi.photon?1", "ivo://" + a + "/ivoa.obscore?1", "ivo://" + a + "/tap_schema.tables?1",
                "ivo://" + a + "/archive.files?1", "ivo://" + a + "/pg_catalog.pg_class?1", "ivo://" + a + "/gaia.completesource?1;DROP TABLE x",
                "\u0000", "ivo://" + a + "/gaia.completesource?\ud83d\ude80", "ivo://" + a + "/gaia..completesource?1");
        List<Probe> probes = new ArrayList<>();
        while (probes.size() < n) {
            String id = probes.size() < ids.size() ? ids.get(probes.size()) : mutate(pick(ids));
            List<Map.Entry<String, String>> params = List.of(p("ID", id));
            probes.add(Probe.of(c, "ID=" + id, random.nextBoolean() ? Probe.get(cutmerge + "/cutmerge", params, null)
                    : Probe.form(cutmerge + "/cutmerge", params, null)));
        }
        return probes;
    }

    private String mutate(String base) {
        StringBuilder b = new StringBuilder(base.isEmpty() ? "ivo://" : base);
        switch (random.nextInt(3)) {
            case 0 -> b.insert(random.nextInt(b.length() + 1), pick(ODD));
            case 1 -> b.setLength(Math.max(1, random.nextInt(b.length() + 1)));
            default -> b.append(pick(new String[] {"?", "&", "%", "/..", "'", "x", "?" + random.nextLong()}));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------- Fermi

    List<Probe> fermi(int n) {
        String c = "fermi-select";
        String[] names = {"RA", "DEC", "RADIUS", "EMIN", "EMAX", "TMIN", "TMAX", "ZMAX"};
        String[] garbage = {"x", "NaN", "Inf", "-Inf", "1e999", "--1", "1,5", "0x10", "\u0661", "' OR 1=1", "1 2", "%00", "+-3"};
        List<Probe> probes = new ArrayList<>();
        probes.add(Probe.of(c, "no ID", Probe.get(cutmerge + "/fermi/select", List.of(p("EMIN", "100")), null)).mentioning("ID"));
        probes.add(Probe.of(c, "ID=images DID", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", "images:1904-66_AZP.fits")), null)));
        probes.add(Probe.of(c, "ID=nosuch", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", "fermi:nosuch.fits")), null)));
        probes.add(Probe.of(c, "ID=garbage", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", "::::")), null)));
        probes.add(Probe.of(c, "RA only", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", SuiteArchive.FERMI_DID), p("RA", "10")), null)).mentioning("RA"));
        probes.add(Probe.of(c, "EMIN>EMAX", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", SuiteArchive.FERMI_DID), p("EMIN", "300"), p("EMAX", "100")), null)).mentioning("EMIN"));
        probes.add(Probe.of(c, "TMIN>TMAX", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", SuiteArchive.FERMI_DID), p("TMIN", "9e8"), p("TMAX", "1")), null)).mentioning("TMIN"));
        probes.add(Probe.of(c, "RADIUS<0", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", SuiteArchive.FERMI_DID), p("RA", "1"), p("DEC", "1"), p("RADIUS", "-1")), null)).mentioning("RADIUS"));
        probes.add(Probe.of(c, "DEC=95", Probe.get(cutmerge + "/fermi/select", List.of(p("ID", SuiteArchive.FERMI_DID), p("RA", "1"), p("DEC", "95"), p("RADIUS", "1")), null)).mentioning("DEC"));
        while (probes.size() < n) {
            String name = pick(names);
            String value = pick(garbage);
            List<Map.Entry<String, String>> params = new ArrayList<>(List.of(p("ID", SuiteArchive.FERMI_DID)));
            if (name.equals("RA") || name.equals("DEC") || name.equals("RADIUS")) {
                params.addAll(List.of(p("RA", "7.6"), p("DEC", "4.8"), p("RADIUS", "3")));
                params.removeIf(e -> e.getKey().equals(name));
            }
            params.add(p(name, value));
            Probe probe = Probe.of(c, name + "=" + value, random.nextBoolean() ? Probe.get(cutmerge + "/fermi/select", params, null)
                    : Probe.form(cutmerge + "/fermi/select", params, null)).mentioning(name);
            // an infinite bound (DALI allows -Inf/+Inf) is an open interval: it may pass
            probes.add(value.matches("[+-]?Inf|1e999") ? probe.passable() : probe);
        }
        return probes;
    }

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
