/**
 * Named time zones an XMLTV time may end in (`200007281733 BST`, the DTD's own example), as fixed
 * offsets in minutes east of UTC. A name is an abbreviation of one offset, never a region: `CET`
 * in July is still +0100 (a feed in summer time writes `CEST`).
 *
 * Source: the XMLTV Perl tools resolve a zone name with Date::Manip (XMLTV/xmltv lib/TZ.pm,
 * `tz_to_num` → `ParseDate`), whose table is Date::Manip's `DM5abbrevs.pm`; the offsets below
 * are that table's (tvtime's `date_manip_timezones` in its xmltv.c copies an older version of it).
 * Of that table we take the current, unambiguous civil-time names. Left out on purpose — such a
 * time is rejected like any other unknown suffix: names that mean several offsets in practice (`IST`
 * India/Ireland/Israel, `GST`, `SST`, `BT`, `IT`, `CAST`), the military letters other than `Z`,
 * historical war/peace/mean-time names (`EWT`, `EPT`, `LMT`…), and Date::Manip's `GMT+1`-style
 * names, whose sign is the opposite of POSIX `Etc/GMT+1`.
 */
export const XMLTV_ZONE_OFFSETS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    // Universal
    UTC: 0,
    UT: 0,
    GMT: 0,
    Z: 0,
    // Western, Central and Eastern Europe, Moscow
    WET: 0,
    WEST: 60,
    BST: 60,
    CET: 60,
    CEST: 120,
    MET: 60,
    MEST: 120,
    MEZ: 60,
    MESZ: 120,
    EET: 120,
    EEST: 180,
    MSK: 180,
    MSD: 240,
    // North America
    NST: -210,
    NDT: -150,
    AST: -240,
    ADT: -180,
    EST: -300,
    EDT: -240,
    CST: -360,
    CDT: -300,
    MST: -420,
    MDT: -360,
    PST: -480,
    PDT: -420,
    AKST: -540,
    AKDT: -480,
    HST: -600,
    // Africa
    WAT: 60,
    CAT: 120,
    SAST: 120,
    EAT: 180,
    // Asia and Oceania
    PKT: 300,
    HKT: 480,
    AWST: 480,
    JST: 540,
    KST: 540,
    ACST: 570,
    ACDT: 630,
    AEST: 600,
    AEDT: 660,
    NZST: 720,
    NZDT: 780,
  }),
);
