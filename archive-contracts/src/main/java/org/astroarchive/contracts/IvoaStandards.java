package org.astroarchive.contracts;

/** IVOA standard identifiers used in VOSI capabilities and registry records. */
public final class IvoaStandards {
    /** TAP 1.1 §2.4: the standardID of a TAP 1.x service. */
    public static final String TAP = "ivo://ivoa.net/std/TAP";
    public static final String VOSI_CAPABILITIES = "ivo://ivoa.net/std/VOSI#capabilities";
    public static final String VOSI_AVAILABILITY = "ivo://ivoa.net/std/VOSI#availability";
    public static final String VOSI_TABLES = "ivo://ivoa.net/std/VOSI#tables-1.1";
    public static final String DALI_EXAMPLES = "ivo://ivoa.net/std/DALI#examples";
    public static final String DATALINK_LINKS = "ivo://ivoa.net/std/DataLink#links-1.1";
    public static final String SODA_SYNC = "ivo://ivoa.net/std/SODA#sync-1.0";
    public static final String ADQL_2_1 = "ivo://ivoa.net/std/ADQL#v2.1";

    private IvoaStandards() {
    }
}
