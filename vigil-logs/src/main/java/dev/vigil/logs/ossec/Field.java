package dev.vigil.logs.ossec;

/** The fields a decoder can extract (OSSEC's static set), with the names rules and JSON use. */
public enum Field {
    SRCIP("srcip"), DSTIP("dstip"), SRCPORT("srcport"), DSTPORT("dstport"), PROTOCOL("protocol"), ACTION("action"),
    SRCUSER("srcuser"), DSTUSER("dstuser"), ID("id"), URL("url"), DATA("extra_data"), STATUS("status"),
    SYSTEM_NAME("system_name");

    public final String key;

    Field(String key) {
        this.key = key;
    }

    /**
     * The static field an {@code <order>} entry names exactly, as Wazuh reads it ({@code user} is dstuser,
     * {@code data} is extra_data); null for any other name, which Wazuh keeps as a dynamic field.
     */
    static Field ofName(String entry) {
        return switch (entry.strip()) {
            case "dstuser", "user" -> DSTUSER;
            case "srcuser" -> SRCUSER;
            case "srcip" -> SRCIP;
            case "dstip" -> DSTIP;
            case "srcport" -> SRCPORT;
            case "dstport" -> DSTPORT;
            case "protocol" -> PROTOCOL;
            case "action" -> ACTION;
            case "id" -> ID;
            case "url" -> URL;
            case "data", "extra_data" -> DATA;
            case "status" -> STATUS;
            case "system_name", "systemname" -> SYSTEM_NAME;
            default -> null;
        };
    }

    /**
     * The field an {@code <order>} entry names. OSSEC tests the entry by substring in this sequence (so
     * {@code user} means dstuser and anything containing {@code id} is the id); this keeps that reading.
     */
    static Field ofOrder(String entry) {
        String e = entry.strip();
        if (e.contains("dstuser")) {
            return DSTUSER;
        } else if (e.contains("srcuser")) {
            return SRCUSER;
        } else if (e.contains("user")) {
            return DSTUSER;
        } else if (e.contains("srcip")) {
            return SRCIP;
        } else if (e.contains("dstip")) {
            return DSTIP;
        } else if (e.contains("srcport")) {
            return SRCPORT;
        } else if (e.contains("dstport")) {
            return DSTPORT;
        } else if (e.contains("protocol")) {
            return PROTOCOL;
        } else if (e.contains("action")) {
            return ACTION;
        } else if (e.contains("id")) {
            return ID;
        } else if (e.contains("url")) {
            return URL;
        } else if (e.contains("data")) {
            return DATA;
        } else if (e.contains("status")) {
            return STATUS;
        } else if (e.contains("system_name")) {
            return SYSTEM_NAME;
        }
        return null;
    }
}
