package dev.vigil.logs.ossec;

/** One {@code <decoder>}: where it applies (program name, prematch) and what it extracts (regex, order). */
final class Decoder {
    static final int AFTER_PARENT = 1;
    static final int AFTER_PREMATCH = 2;
    static final int AFTER_REGEX = 4;

    /** The name reported: a child's parent's name unless it has {@code use_own_name}. */
    String name;
    final String ownName;
    int id;
    String type = "syslog";
    String parent;
    boolean useOwnName;
    /** Null when not set; a pattern that matches anything for an empty {@code <program_name />}. */
    LinePattern programName;
    LinePattern prematch;
    int prematchOffset;
    LinePattern regex;
    /** Whether a regex group that did not take part still takes its name in {@code <order>} (Wazuh's PCRE2). */
    boolean groupsKeepPlace;
    int regexOffset;
    Field[] order = new Field[0];
    /** For each {@code <order>} slot that is not a static field, the dynamic field's name. */
    String[] orderNames = new String[0];
    /** Same-named siblings after this one extract more fields from the same line. */
    boolean getNext;
    String plugin;
    /** Where the plugin decoder reads from: 0 (the whole message), AFTER_PARENT or AFTER_PREMATCH. */
    int pluginOffset;
    JsonFields.Nulls jsonNulls = JsonFields.Nulls.DISCARD;
    /** Fields that make up this decoder's first-time-seen key ({@code <fts>}); null when it has none. */
    String fts;
    final String file;
    final int line;

    Decoder(String name, String file, int line) {
        this.name = name;
        this.ownName = name;
        this.file = file;
        this.line = line;
    }
}
