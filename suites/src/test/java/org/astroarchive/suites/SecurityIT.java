package org.astroarchive.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.suites.Probe.p;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.RepoLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, security: SQL injection and schema escapes through ADQL, uploads and parameters; the private collection
 * gaia as anonymous and as bob (no group) through every interface; oversized requests; presigned URL expiry. No
 * attack may succeed, nothing of what is hidden may leak, and the database is unchanged (a canary table survives).
 */
class SecurityIT {

    private static final String CANARY_SECRET = "canary-secret-7f3a91";
    /** Text that must never appear in an answer: the canary, server facts, files of the host, credentials. */
    private static final Pattern LEAK = Pattern.compile("(?i)" + CANARY_SECRET + "|PostgreSQL \\d+\\.\\d+|root:x:0:0|"
            + "/var/lib/postgres|SCRAM-SHA-256|md5[0-9a-f]{32}|rolpassword|archive-secret|pg_hba");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SuiteArchive archive;
    private static Map<String, Long> rowsBefore;
    private static long tablesBefore;
    private static long rolesBefore;
    private static String tap;
    private static final List<Answer> ALL = new ArrayList<>();
    private static long started;

    @BeforeAll
    static void startTheArchiveAndPlantACanary() throws Exception {
        archive = SuiteArchive.get();
        archive.execute("CREATE TABLE IF NOT EXISTS archive.suite_canary (id integer PRIMARY KEY, secret text NOT NULL)");
        archive.execute("INSERT INTO archive.suite_canary VALUES (1, '" + CANARY_SECRET + "') ON CONFLICT DO NOTHING");
        rowsBefore = archive.rowCounts();
        tablesBefore = archive.count("SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'v', 'm', 'f', 'p')");
        rolesBefore = archive.count("SELECT count(*) FROM pg_roles");
        tap = archive.tap.url() + "/tap";
        started = System.nanoTime();
    }

    @AfterAll
    static void theDatabaseIsUnchanged() throws Exception {
        synchronized (ALL) {
            Report.print("security, all", ALL, Report.failures(ALL), (System.nanoTime() - started) / 1e9);
        }
        assertThat(archive.count("SELECT count(*) FROM archive.suite_canary WHERE secret = '" + CANARY_SECRET + "'"))
                .as("the canary survived").isEqualTo(1);
        assertThat(archive.rowCounts()).as("row counts").isEqualTo(rowsBefore);
        assertThat(archive.count("SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'v', 'm', 'f', 'p')"))
                .as("no table created or dropped").isEqualTo(tablesBefore);
        assertThat(archive.count("SELECT count(*) FROM pg_roles")).as("no role created").isEqualTo(rolesBefore);
    }

    /** Attacks that must be refused: no success, no 5xx, no leak. */
    private static void refused(String suite, List<Answer> answers) {
        judge(suite, answers, true);
    }

    /** Requests that may legitimately succeed (the payload is a harmless string) but must leak nothing. */
    private static void harmless(String suite, List<Answer> answers) {
        judge(suite, answers, false);
    }

    private static void judge(String suite, List<Answer> answers, boolean mustRefuse) {
        List<Report.Failure> failures = new ArrayList<>();
        for (Answer answer : answers) {
            String problem = null;
            if (answer.transportFailed()) {
                problem = "no HTTP answer: " + answer.transportError();
            } else if (answer.isServerError()) {
                problem = "server error " + answer.status();
            } else if (mustRefuse && answer.isSuccess()) {
                problem = "the attack succeeded (" + answer.status() + ")";
            } else if (answer.body() != null && LEAK.matcher(answer.body()).find()) {
                Matcher leak = LEAK.matcher(answer.body());
                leak.find();
                problem = "the answer leaks '" + leak.group() + "'";
            }
            if (problem != null) {
                failures.add(new Report.Failure(answer, problem, KnownFailures.of(answer.probe())));
            }
        }
        synchronized (ALL) {
            ALL.addAll(answers);
        }
        List<Report.Failure> fresh = Report.print(suite, answers, failures, answers.stream().mapToLong(Answer::millis).sum() / 1e3);
        assertThat(fresh).as(() -> Report.describe(fresh)).isEmpty();
    }

    private static Probe sync(String category, String adql, String auth) {
        // CSV: what leaks must be readable in the answer (BINARY2 would hide it in base64)
        return Probe.of(category, adql + as(auth), Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                p("QUERY", adql), p("RESPONSEFORMAT", "csv")), auth));
    }

    private static Probe async(String category, String adql, String auth) {
        return Probe.of(category, adql + as(auth), Probe.form(tap + "/async", List.of(p("REQUEST", "doQuery"), p("LANG", "ADQL"),
                p("QUERY", adql), p("PHASE", "RUN"), p("RESPONSEFORMAT", "csv")), auth));
    }

    private static String as(String auth) {
        return auth == null ? " [anonymous]" : auth.equals(SuiteArchive.AS_BOB) ? " [bob]" : " [alice]";
    }

    // ------------------------------------------------------------------------------------------- injection

    static final List<String> MUST_REFUSE = List.of(
            "DROP TABLE archive.suite_canary",
            "SELECT * FROM fermi.photon; DROP TABLE archive.suite_canary",
            "SELECT * FROM fermi.photon;DROP TABLE archive.suite_canary;--",
            "SELECT * FROM fermi.photon /* x */ ; DELETE FROM archive.suite_canary -- ",
            "DELETE FROM fermi.photon",
            "INSERT INTO fermi.photon (energy) VALUES (1)",
            "UPDATE fermi.photon SET energy = 0",
            "CREATE TABLE public.evil (a int)",
            "TRUNCATE fermi.photon",
            "ALTER TABLE fermi.photon DROP COLUMN energy",
            "GRANT ALL ON fermi.photon TO PUBLIC",
            "COPY fermi.photon TO '/tmp/evil'",
            "SET default_transaction_read_only = off",
            "WITH x AS (DELETE FROM fermi.photon RETURNING *) SELECT * FROM x",
            "SELECT * INTO archive.evil FROM fermi.photon",
            "SELECT * FROM fermi.photon FOR UPDATE",
            "SELECT pg_sleep(30)",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT pg_ls_dir('.')",
            "SELECT * FROM pg_ls_dir('.')",
            "SELECT pg_terminate_backend(pg_backend_pid())",
            "SELECT current_setting('data_directory')",
            "SELECT current_setting('default_transaction_read_only') FROM fermi.photon",
            "SELECT set_config('default_transaction_read_only', 'off', false)",
            "SELECT set_config('search_path', 'archive', false) FROM fermi.photon",
            "SELECT version()",
            "SELECT current_user FROM fermi.photon",
            "SELECT session_user FROM fermi.photon",
            "SELECT lo_import('/etc/passwd')",
            "SELECT query_to_xml('SELECT * FROM archive.suite_canary', true, true, '')",
            "SELECT * FROM fermi.photon WHERE energy > (SELECT length(query_to_xml('SELECT 1', true, true, '')::text))",
            "SELECT dblink('dbname=archive', 'DROP TABLE archive.suite_canary')",
            "SELECT txid_current()",
            "SELECT nextval('archive.x')",
            "SELECT * FROM generate_series(1, 10)",
            "SELECT * FROM pg_catalog.pg_user",
            "SELECT * FROM pg_catalog.pg_authid",
            "SELECT * FROM pg_shadow",
            "SELECT * FROM pg_settings",
            "SELECT * FROM pg_catalog.pg_tables",
            "SELECT relname FROM pg_class",
            "SELECT * FROM information_schema.tables",
            "SELECT * FROM information_schema.columns WHERE table_schema = 'archive'",
            "SELECT * FROM archive.suite_canary",
            "SELECT * FROM \"archive\".\"suite_canary\"",
            "SELECT * FROM ARCHIVE.SUITE_CANARY",
            "SELECT * FROM archive.files",
            "SELECT * FROM archive.replicas",
            "SELECT * FROM archive.collection_access",
            "SELECT * FROM uws.jobs",
            "SELECT * FROM public.suite_canary",
            "SELECT * FROM suite_canary",
            "SELECT * FROM fermi.photon WHERE energy IN (SELECT id FROM archive.suite_canary)",
            "SELECT (SELECT secret FROM archive.suite_canary) AS s FROM fermi.photon",
            "SELECT obs_id FROM ivoa.obscore UNION SELECT secret FROM archive.suite_canary",
            "SELECT * FROM fermi.photon AS p JOIN archive.files AS f ON 1 = 1",
            "SELECT * FROM fermi.photon WHERE EXISTS (SELECT 1 FROM uws.jobs)",
            "SELECT CAST('archive.suite_canary' AS regclass) FROM fermi.photon",
            "SELECT 'x'::regclass FROM fermi.photon",
            "SELECT * FROM ROWS FROM (pg_ls_dir('.'))",
            "SELECT * FROM fermi.photon WHERE energy > 0 UNION ALL SELECT * FROM pg_catalog.pg_stat_activity",
            "SELECT pg_catalog.pg_sleep(5) FROM fermi.photon",
            "SELECT \"pg_sleep\"(5) FROM fermi.photon",
            "SELECT PG_SLEEP(5) FROM fermi.photon",
            "select pg_read_binary_file('/etc/passwd')",
            "SELECT * FROM fermi.photon; COMMIT; DROP TABLE archive.suite_canary",
            "SELECT * FROM fermi.photon WHERE ra = 1; SELECT * FROM archive.suite_canary",
            "SELECT $$x$$ || secret FROM archive.suite_canary",
            "SELECT * FROM TAP_SCHEMA.tables; SELECT 1",
            "CALL pg_sleep(1)",
            "DO $$BEGIN DROP TABLE archive.suite_canary; END$$",
            "EXPLAIN ANALYZE DELETE FROM fermi.photon",
            "VACUUM fermi.photon",
            "LISTEN x",
            "PREPARE p AS SELECT 1",
            "SELECT * FROM fermi.photon WHERE energy > 0 LOCK TABLE archive.suite_canary");

    /** Valid ADQL whose string literals or identifiers carry SQL: it may run, but only as data. */
    static final List<String> HARMLESS_IF_DATA = List.of(
            "SELECT * FROM fermi.photon WHERE 'a' = 'a''; DROP TABLE archive.suite_canary; --'",
            "SELECT * FROM ivoa.obscore WHERE obs_id = '''; DELETE FROM archive.suite_canary; --'",
            "SELECT * FROM ivoa.obscore WHERE obs_id = $$'; DROP TABLE archive.suite_canary; --$$",
            "SELECT * FROM ivoa.obscore WHERE obs_id = E'\\'; DROP TABLE archive.suite_canary; --'",
            "SELECT * FROM ivoa.obscore WHERE obs_id = E'\\x27; DROP TABLE archive.suite_canary; --'",
            "SELECT * FROM ivoa.obscore WHERE obs_id = U&'\\0027; DROP TABLE archive.suite_canary; --'",
            "SELECT \"energy\"\"; DROP TABLE archive.suite_canary; --\" FROM fermi.photon",
            "SELECT energy AS \"x\"\" FROM archive.suite_canary --\" FROM fermi.photon",
            "SELECT * FROM fermi.photon WHERE energy > 0 -- ; DROP TABLE archive.suite_canary",
            "SELECT * FROM fermi.photon /* ; DROP TABLE archive.suite_canary */ WHERE energy > 0",
            "SELECT * FROM fermi.photon WHERE ivo_nocasematch(CAST(energy AS VARCHAR(20)), '%'')) ; DROP TABLE archive.suite_canary --')",
            "SELECT * FROM ivoa.obscore WHERE obs_id LIKE '%' ESCAPE ''''",
            "SELECT * FROM TAP_SCHEMA.tables WHERE table_name = 'archive.suite_canary'",
            "SELECT * FROM TAP_SCHEMA.columns WHERE table_name LIKE 'archive.%' OR table_name LIKE 'uws.%'");

    @Test
    void injectionThroughAdqlIsRefusedSyncAndAsync() throws Exception {
        List<Probe> probes = new ArrayList<>();
        for (String adql : MUST_REFUSE) {
            probes.add(sync("adql-injection", adql, null));
            probes.add(sync("adql-injection", adql, SuiteArchive.AS_ALICE));
        }
        refused("ADQL injection (sync)", Runner.run(probes, 3));
        List<Probe> jobs = MUST_REFUSE.stream().limit(SuiteArchive.full() ? MUST_REFUSE.size() : 20)
                .map(adql -> async("adql-injection-async", adql, SuiteArchive.AS_ALICE)).toList();
        refused("ADQL injection (async)", Runner.runWithJobs(jobs));
        List<Probe> data = HARMLESS_IF_DATA.stream().map(adql -> sync("adql-quoting", adql, null).passable()).toList();
        harmless("ADQL quoting tricks", Runner.run(data, 3));
        // the canary and the photons are still there after every attack so far
        assertThat(archive.count("SELECT count(*) FROM archive.suite_canary")).isEqualTo(1);
    }

    @Test
    void parametersCarryNoSqlIntoTheDatabase() throws Exception {
        String q = "SELECT TOP 1 * FROM ivoa.obscore";
        String evil = "1; DROP TABLE archive.suite_canary; --";
        List<Probe> probes = new ArrayList<>();
        for (String name : List.of("MAXREC", "RESPONSEFORMAT", "FORMAT", "LANG", "REQUEST", "clientId", "RUNID", "UPLOAD")) {
            probes.add(Probe.of("parameter-injection", name + "=" + evil, Probe.form(tap + "/sync", List.of(p("REQUEST", "doQuery"),
                    p("LANG", "ADQL"), p("QUERY", q), p(name, evil)), null)).passable());
        }
        String a = SuiteArchive.AUTHORITY;
        for (String id : List.of("ivo://" + a + "/gaia.completesource?1;DROP TABLE archive.suite_canary",
                "ivo://" + a + "/archive.suite_canary?1", "ivo://" + a + "/pg_catalog.pg_authid?1", "ivo://" + a + "/uws.jobs?1",
                "ivo://" + a + "/images?images:x' OR '1'='1", "ivo://" + a + "/gaia.completesource?1 OR 1=1")) {
            probes.add(Probe.of("parameter-injection", "DataLink ID=" + id, Probe.get(archive.datalink.url() + "/datalink", List.of(p("ID", id)), null)));
            probes.add(Probe.of("parameter-injection", "Cut & Merge ID=" + id, Probe.get(archive.cutmerge.url() + "/cutmerge",
                    List.of(p("ID", id)), SuiteArchive.AS_ALICE)));
        }
        probes.add(Probe.of("parameter-injection", "SODA ID=' OR 1=1", Probe.get(archive.cutmerge.url() + "/soda",
                List.of(p("ID", "ivo://" + a + "/images?images:x' OR '1'='1"), p("CIRCLE", "1 2 3")), null)));
        probes.add(Probe.of("parameter-injection", "Fermi ID=' OR 1=1", Probe.get(archive.cutmerge.url() + "/fermi/select",
                List.of(p("ID", "fermi:x' OR '1'='1")), null)));
        List<Answer> answers = Runner.run(probes, 3);
        // TAP parameters may be ignored (RUNID) or refused; IDs must be refused (DataLink: as a fault row)
        harmless("parameter injection (TAP)", answers.subList(0, 8));
        refused("parameter injection (IDs)", answers.subList(8, answers.size()));
    }

    @Test
    void uploadsCannotEscapeTheirTemporaryTable() throws Exception {
        String[] columnNames = {"x\"; DROP TABLE archive.suite_canary; --", "\"", "pg_catalog", "oid", "xmin", "ctid",
                "a\" text); DROP TABLE archive.suite_canary; CREATE TABLE t (\"b", "$$", "E'\\x27'", "archive.suite_canary"};
        List<Probe> probes = new ArrayList<>();
        for (String column : columnNames) {
            String votable = votable(column, "char", "1");
            String query = "SELECT * FROM TAP_UPLOAD.t";
            probes.add(new Probe("upload-names", "column " + column, Probe.multipart(tap + "/sync", List.of(p("LANG", "ADQL"),
                    p("QUERY", query), p("UPLOAD", "t,param:p"), p("RESPONSEFORMAT", "csv")), Map.of("p", votable.getBytes(StandardCharsets.UTF_8)), null),
                    List.of(), true));
        }
        for (String table : List.of("suite_canary", "files", "pg_class", "t;DROP", "t\"x", "archive.suite_canary", "t--")) {
            probes.add(new Probe("upload-names", "table " + table, Probe.multipart(tap + "/sync", List.of(p("LANG", "ADQL"),
                    p("QUERY", "SELECT * FROM TAP_UPLOAD." + table), p("UPLOAD", table + ",param:p"), p("RESPONSEFORMAT", "csv")),
                    Map.of("p", votable("a", "char", "1").getBytes(StandardCharsets.UTF_8)), null), List.of(), true));
        }
        // an external entity must not be resolved into the table (XXE)
        String xxe = votable("a", "char", "&x;").replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
        probes.add(new Probe("upload-names", "external entity file:///etc/passwd", Probe.multipart(tap + "/sync",
                List.of(p("LANG", "ADQL"), p("QUERY", "SELECT * FROM TAP_UPLOAD.t"), p("UPLOAD", "t,param:p"), p("RESPONSEFORMAT", "csv")),
                Map.of("p", xxe.getBytes(StandardCharsets.UTF_8)), null), List.of(), true));
        harmless("upload names", Runner.run(probes, 3));
    }

    private static String votable(String column, String datatype, String cell) {
        return "<?xml version=\"1.0\"?>\n<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
                + "<FIELD name=\"" + column.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\" datatype=\""
                + datatype + "\" arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>" + cell + "</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
    }

    // ------------------------------------------------------------------------------------------- private collection

    static final List<String> GAIA_QUERIES = List.of(
            "SELECT * FROM gaia.completesource",
            "SELECT COUNT(*) FROM gaia.astroelementary",
            "SELECT * FROM gaia.crossmatch",
            "SELECT \"source_id\" FROM \"gaia\".\"completesource\"",
            "SELECT * FROM GAIA.COMPLETESOURCE",
            "SELECT TOP 1 source_id FROM gaia.completesource AS g WHERE g.alpha > 0",
            "SELECT * FROM fermi.photon WHERE energy IN (SELECT alpha FROM gaia.completesource)",
            "SELECT * FROM fermi.photon WHERE EXISTS (SELECT 1 FROM gaia.completesource)",
            "SELECT obs_id FROM ivoa.obscore UNION SELECT CAST(source_id AS VARCHAR(30)) FROM gaia.completesource",
            "WITH g AS (SELECT source_id FROM gaia.completesource) SELECT * FROM g",
            "SELECT * FROM ivoa.obscore AS o JOIN gaia.completesource AS g ON 1 = 1",
            "SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185");

    @Test
    void gaiaIsPrivateToAnonymousAndToBobInEveryInterface() throws Exception {
        List<Probe> refusedProbes = new ArrayList<>();
        for (String auth : new String[] {null, SuiteArchive.AS_BOB}) {
            for (String adql : GAIA_QUERIES) {
                refusedProbes.add(sync("gaia-private", adql, auth));
                refusedProbes.add(async("gaia-private-async", adql, auth));
            }
            // an upload joined with a private table
            String upload = votable("source_id", "long", Long.toString(archive.gaiaSourceIds.get(0))).replace(" arraysize=\"*\"", "");
            refusedProbes.add(Probe.of("gaia-private", "upload joined with gaia.completesource" + as(auth), Probe.multipart(tap + "/sync",
                    List.of(p("LANG", "ADQL"), p("QUERY", "SELECT g.* FROM TAP_UPLOAD.t AS u JOIN gaia.completesource AS g ON u.source_id = g.source_id"),
                            p("UPLOAD", "t,param:p"), p("RESPONSEFORMAT", "csv")), Map.of("p", upload.getBytes(StandardCharsets.UTF_8)), auth)));
            // DataLink and Cut & Merge of private rows
            for (long sourceId : archive.gaiaSourceIds.subList(0, 3)) {
                String id = "ivo://" + SuiteArchive.AUTHORITY + "/gaia.completesource?" + sourceId;
                refusedProbes.add(Probe.of("gaia-private", "DataLink " + id + as(auth), Probe.get(archive.datalink.url() + "/datalink",
                        List.of(p("ID", id)), auth)));
                refusedProbes.add(Probe.of("gaia-private", "Cut & Merge " + id + as(auth), Probe.get(archive.cutmerge.url() + "/cutmerge",
                        List.of(p("ID", id)), auth)));
            }
            long transit = archive.gaiaTransitIds.get(0);
            refusedProbes.add(Probe.of("gaia-private", "Cut & Merge transit" + as(auth), Probe.form(archive.cutmerge.url() + "/cutmerge",
                    List.of(p("ID", "ivo://" + SuiteArchive.AUTHORITY + "/gaia.astroelementary?" + transit)), auth)));
            refusedProbes.add(Probe.of("gaia-private", "DataLink dataset of a gaia file" + as(auth), Probe.get(archive.datalink.url() + "/datalink",
                    List.of(p("ID", "ivo://" + SuiteArchive.AUTHORITY + "/gaia?" + gaiaDid())), auth)));
        }
        // alice's seed-form access_url (a selection in Redis), replayed by anonymous and bob
        String seedUrl = firstAccessUrl();
        String direct = archive.datalink.url() + seedUrl.substring(seedUrl.indexOf("/datalink?"));
        for (String auth : new String[] {null, SuiteArchive.AS_BOB}) {
            refusedProbes.add(Probe.of("gaia-private", "alice's selection URL" + as(auth), withAuth(HttpRequest.newBuilder(URI.create(direct)).GET(), auth)));
        }
        refused("gaia private (queries, jobs, uploads, DataLink, Cut & Merge)", Runner.runWithJobs(refusedProbes));

        // TAP_SCHEMA and VOSI tables may be read, but must not show gaia
        List<Probe> schema = new ArrayList<>();
        for (String auth : new String[] {null, SuiteArchive.AS_BOB}) {
            for (String adql : List.of("SELECT * FROM TAP_SCHEMA.tables", "SELECT * FROM TAP_SCHEMA.columns", "SELECT * FROM TAP_SCHEMA.schemas",
                    "SELECT * FROM TAP_SCHEMA.keys", "SELECT * FROM TAP_SCHEMA.key_columns",
                    "SELECT * FROM TAP_SCHEMA.columns WHERE table_name LIKE 'gaia%'")) {
                schema.add(sync("gaia-schema", adql, auth).passable());
                schema.add(async("gaia-schema-async", adql, auth).passable());
            }
            schema.add(Probe.of("gaia-schema", "/tap/tables" + as(auth), withAuth(HttpRequest.newBuilder(URI.create(tap + "/tables")).GET(), auth)).passable());
            schema.add(Probe.of("gaia-schema", "/tap/tables/gaia.completesource" + as(auth),
                    withAuth(HttpRequest.newBuilder(URI.create(tap + "/tables/gaia.completesource")).GET(), auth)));
        }
        List<Answer> answers = Runner.runWithJobs(schema);
        List<Answer> checked = new ArrayList<>();
        for (Answer answer : answers) {
            boolean showsGaia = answer.body() != null && answer.body().matches("(?s).*\\bgaia\\.(completesource|astroelementary|crossmatch)\\b.*")
                    && answer.isSuccess();
            checked.add(showsGaia ? new Answer(answer.probe(), 500, answer.contentType(), "shows gaia: " + answer.body(), null, answer.millis()) : answer);
        }
        harmless("gaia hidden from TAP_SCHEMA and VOSI", checked);
    }

    @Test
    void aliceSeesGaiaSoTheRefusalsAboveMeanSomething() throws Exception {
        Answer rows = Runner.send(sync("control", "SELECT TOP 3 source_id FROM gaia.completesource", SuiteArchive.AS_ALICE));
        assertThat(rows.isSuccess()).as(rows.body()).isTrue();
        assertThat(rows.body()).contains("source_id");
        Answer schema = Runner.send(sync("control", "SELECT table_name FROM TAP_SCHEMA.tables", SuiteArchive.AS_ALICE));
        assertThat(schema.body()).contains("gaia.completesource");
        String id = "ivo://" + SuiteArchive.AUTHORITY + "/gaia.completesource?" + archive.gaiaSourceIds.get(0);
        Answer links = Runner.send(Probe.of("control", id, Probe.get(archive.datalink.url() + "/datalink", List.of(p("ID", id)), SuiteArchive.AS_ALICE)));
        assertThat(links.body()).contains("#progenitor").contains("X-Amz-Signature");
        Answer cut = Runner.send(Probe.of("control", id, Probe.get(archive.cutmerge.url() + "/cutmerge", List.of(p("ID", id)), SuiteArchive.AS_ALICE)));
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        // bob is authenticated (403, not 401): his refusals above are those of a caller outside the group
        Answer bobCut = Runner.send(Probe.of("control", id, Probe.get(archive.cutmerge.url() + "/cutmerge", List.of(p("ID", id)), SuiteArchive.AS_BOB)));
        assertThat(bobCut.status()).as(bobCut.body()).isEqualTo(403);
    }

    // ------------------------------------------------------------------------------------------- size and expiry

    @Test
    void oversizedRequestsAreRefusedWith413() throws Exception {
        List<Probe> probes = new ArrayList<>();
        String longQuery = "SELECT * FROM ivoa.obscore WHERE obs_id IN ('" + "x".repeat(150_000) + "')";
        probes.add(Probe.of("oversized", "query text of " + longQuery.length() + " characters (sync)", Probe.form(tap + "/sync",
                List.of(p("LANG", "ADQL"), p("QUERY", longQuery)), null)));
        probes.add(Probe.of("oversized", "query text of " + longQuery.length() + " characters (async)", Probe.form(tap + "/async",
                List.of(p("LANG", "ADQL"), p("QUERY", longQuery), p("PHASE", "RUN")), null)));
        String hugeQuery = "SELECT * FROM ivoa.obscore WHERE obs_id IN ('" + "x".repeat(11_000_000) + "')";
        probes.add(Probe.of("oversized", "request body of 11 MB", Probe.form(tap + "/sync", List.of(p("LANG", "ADQL"), p("QUERY", hugeQuery)), null)));
        StringBuilder rows = new StringBuilder();
        while (rows.length() <= SuiteArchive.UPLOAD_MAX_BYTES) {
            rows.append("<TR><TD>").append(rows.length()).append("</TD></TR>");
        }
        String bigUpload = votable("a", "char", "0").replace("<TR><TD>0</TD></TR>", rows);
        probes.add(Probe.of("oversized", "upload of " + bigUpload.length() + " bytes", Probe.multipart(tap + "/sync", List.of(p("LANG", "ADQL"),
                p("QUERY", "SELECT COUNT(*) FROM TAP_UPLOAD.t"), p("UPLOAD", "t,param:p")), Map.of("p", bigUpload.getBytes(StandardCharsets.UTF_8)), null)));
        List<Map.Entry<String, String>> ids = new ArrayList<>();
        for (int i = 0; i <= SuiteArchive.CUTMERGE_MAX_ROWS; i++) {
            ids.add(p("ID", "ivo://" + SuiteArchive.AUTHORITY + "/gaia.completesource?" + (archive.gaiaSourceIds.get(0) + i)));
        }
        probes.add(Probe.of("oversized", "Cut & Merge of " + ids.size() + " rows", Probe.form(archive.cutmerge.url() + "/cutmerge", ids, SuiteArchive.AS_ALICE)));
        List<Answer> answers = Runner.runWithJobs(probes);
        List<Report.Failure> failures = new ArrayList<>();
        for (Answer answer : answers) {
            boolean asyncJobRefused = answer.probe().input().endsWith("(async)") && answer.isRejection()
                    && answer.message().contains("more than the limit");
            if (answer.status() != 413 && !asyncJobRefused) {
                failures.add(new Report.Failure(answer, "expected 413, got " + answer.statusLabel(), KnownFailures.of(answer.probe())));
            }
        }
        synchronized (ALL) {
            ALL.addAll(answers);
        }
        List<Report.Failure> fresh = Report.print("oversized requests", answers, failures, 0);
        assertThat(fresh).as(() -> Report.describe(fresh)).isEmpty();
    }

    @Test
    void onlyOperatorsWriteToTheImporter() throws Exception {
        // a valid file and a valid description: without the operator check both would be accepted (201)
        byte[] fits = Files.readAllBytes(RepoLayout.root().resolve("importer-service/src/test/resources/samples/fits/1904-66_AZP.fits"));
        String description = """
                {"collection": "intruder", "description": "not ours", "format": "fits", "targetTable": "ivoa.obscore",
                 "columns": [{"column": "dataproduct_type", "forced": "image"}]}""";
        String importer = archive.importer.url();
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("bob", SuiteArchive.AS_BOB);
        callers.put("alice, a Gaia reader", SuiteArchive.AS_ALICE);
        callers.put("operator, wrong password", Keycloak.basicHeader(Keycloak.OPERATOR, "wrong-password"));
        List<Probe> probes = new ArrayList<>();
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            String auth = caller.getValue();
            String who = " [" + caller.getKey() + "]";
            probes.add(Probe.of("importer-write", "upload" + who, withAuth(HttpRequest.newBuilder(URI.create(importer
                    + "/api/files/images/intruder.fits?scope=intruder")).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(fits)), auth)));
            for (String collection : List.of("intruder", "gaia")) {
                probes.add(Probe.of("importer-write", "description of " + collection + who, withAuth(HttpRequest.newBuilder(
                        URI.create(importer + "/api/collections/" + collection)).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(description.replace("intruder", collection))), auth)));
            }
        }
        refused("importer writes by non-operators", Runner.run(probes, 4));
        assertThat(archive.count("SELECT count(*) FROM archive.files WHERE did LIKE 'intruder:%'")).as("files stored").isZero();
    }

    @Test
    void presignedUrlsExpire() throws Exception {
        Answer links = Runner.send(Probe.of("presigned", SuiteArchive.IMAGE_ID, Probe.get(archive.datalink.url() + "/datalink",
                List.of(p("ID", SuiteArchive.IMAGE_ID)), null)));
        Matcher url = Pattern.compile("<TD>(http[^<]*X-Amz-Signature[^<]*)</TD>").matcher(links.body());
        assertThat(url.find()).as(links.body()).isTrue();
        URI presigned = URI.create(url.group(1).replace("&amp;", "&"));
        assertThat(presigned.getQuery()).contains("X-Amz-Expires=" + SuiteArchive.PRESIGN_EXPIRY.toSeconds());
        assertThat(HTTP.send(HttpRequest.newBuilder(presigned).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("fresh").isEqualTo(200);
        Thread.sleep(SuiteArchive.PRESIGN_EXPIRY.toMillis() + 2000);
        assertThat(HTTP.send(HttpRequest.newBuilder(presigned).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("expired").isEqualTo(403);
    }

    private static HttpRequest withAuth(HttpRequest.Builder builder, String auth) {
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        return builder.timeout(Probe.TIMEOUT).build();
    }

    private static String gaiaDid() throws Exception {
        try (var connection = org.astroarchive.testsupport.ArchiveDatabase.connect(archive.postgres);
             var rs = connection.createStatement().executeQuery("SELECT did FROM archive.files WHERE collection = 'gaia' LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String firstAccessUrl() {
        Answer answer = Runner.send(Probe.of("control", "alice's query", Probe.form(tap + "/sync", List.of(p("LANG", "ADQL"),
                p("QUERY", "SELECT TOP 1 access_url FROM gaia.completesource"), p("RESPONSEFORMAT", "csv")), SuiteArchive.AS_ALICE)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String url = answer.body().lines().skip(1).findFirst().orElseThrow().replace("\"", "").trim();
        assertThat(url).contains("/datalink?");
        return url;
    }
}
