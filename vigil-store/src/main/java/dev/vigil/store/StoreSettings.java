package dev.vigil.store;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Secret;
import dev.vigil.core.config.Section;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code store:} section: where Vigil's state lives. {@code type: sqlite} (the default) is the embedded database
 * in the data directory; {@code type: postgres} with {@code url: jdbc:postgresql://HOST:PORT/DB}, {@code user} and
 * {@code password} ({@code env:NAME} or {@code file:PATH}, never needed in the file itself) a PostgreSQL server
 * that several Vigil servers may share. Metrics, the log index and the agents' CA stay in the data directory.
 * Servers sharing a PostgreSQL store are a cluster: each writes a heartbeat every {@code heartbeat} (2s) and is
 * dead to the others {@code dead_after} (10s) later; {@code member} names this one (default HOSTNAME:PORT).
 */
public record StoreSettings(Type type, String url, String user, Secret password, String member, java.time.Duration heartbeat,
                            java.time.Duration deadAfter) {
    public static final String KEY = "store";
    public static final StoreSettings EMBEDDED = new StoreSettings(Type.SQLITE, null, null, null, null, java.time.Duration.ofSeconds(2),
            java.time.Duration.ofSeconds(10));

    /** The engines a store may use. */
    public enum Type { SQLITE, POSTGRES }

    public static StoreSettings read(ConfigNode node, ConfigErrors errors, Map<String, String> env) {
        if (node == null) {
            return EMBEDDED;
        }
        Section s = Section.of(node, "'store'", errors);
        String type = s.string("type", "sqlite");
        StoreSettings out = EMBEDDED;
        switch (type) {
            case "sqlite" -> { }
            case "postgres", "postgresql" -> {
                String url = s.required("url", "a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/vigil");
                if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
                    s.error("url", "'url' must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/vigil");
                    url = null;
                }
                Secret password = null;
                try {
                    password = Secret.resolve(s.string("password", null), env);
                } catch (IllegalArgumentException e) {
                    s.error("password", "'password': " + e.getMessage());
                }
                java.time.Duration heartbeat = s.duration("heartbeat", EMBEDDED.heartbeat());
                java.time.Duration deadAfter = s.duration("dead_after", EMBEDDED.deadAfter());
                if (heartbeat.toMillis() < 100 || deadAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
                    s.error("dead_after", "'heartbeat' must be at least 100ms and 'dead_after' at least twice it");
                }
                String member = s.string("member", null);
                if (url != null && !url.isEmpty()) {
                    out = new StoreSettings(Type.POSTGRES, url, s.string("user", null), password, member, heartbeat, deadAfter);
                }
            }
            default -> s.error("type", "'type' is sqlite (the default, in the data directory) or postgres, found '" + type + "'");
        }
        s.finish();
        return out;
    }

    /** Opens the store: the embedded one under {@code data}, or the PostgreSQL server. */
    public Database open(Path data) {
        return type == Type.POSTGRES ? Database.postgres(url, user, password == null ? null : password.reveal()) : Database.open(data);
    }

    /** Where it is, for the start-up line: never the password. */
    public String describe() {
        return type == Type.POSTGRES ? "PostgreSQL at " + Database.where(url) : "SQLite in the data directory";
    }
}
