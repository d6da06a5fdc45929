package dev.vigil.server.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Vigil watched from outside: {@code heartbeat:} pings a URL every minute (a dead-man's switch another service keeps,
 * such as healthchecks.io or another Vigil's push monitor), and {@code peers:} makes two Vigils watch each other: each
 * pings the other's push URL and keeps a push monitor for the other's pings, so a silent peer is a problem raised
 * through this Vigil's own channels.
 *
 * <pre>
 * heartbeat: {url: "https://deadman.example.com/ping/UUID", interval: 1m}
 * peers:
 *   - name: vigil-b                                   # the host the peer is monitored as here
 *     url: "https://vigil-b:8080/ping/UUID-B-GAVE-US"  # where this Vigil pings the peer
 *     uuid: 9c1d2e3f-...                              # what the peer pings here: /ping/UUID
 *     interval: 1m                                     # how often both ping (default 1m)
 *     grace: 3m                                        # silent longer than interval + grace: CRITICAL
 * </pre>
 */
public record WatchSettings(List<Heartbeat> heartbeats, List<Map<String, Object>> hosts, List<Map<String, Object>> services) {
    public static final String HEARTBEAT_KEY = "heartbeat";
    public static final String PEERS_KEY = "peers";
    public static final WatchSettings NONE = new WatchSettings(List.of(), List.of(), List.of());

    public WatchSettings {
        heartbeats = List.copyOf(heartbeats);
        hosts = List.copyOf(hosts);
        services = List.copyOf(services);
    }

    /** A URL pinged every {@code interval}, named for the log. */
    public record Heartbeat(String name, URI url, Duration interval) {}

    /** Reads {@code heartbeat:} (one mapping or a list) and {@code peers:}; the peers become hosts with a push service each. */
    public static WatchSettings read(List<ConfigNode> heartbeatNodes, List<ConfigNode> peerNodes, ConfigErrors errors) {
        List<Heartbeat> beats = new ArrayList<>();
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (ConfigNode n : heartbeatNodes) {
            Section s = Section.of(n, "'heartbeat'", errors);
            URI url = url(s);
            Duration interval = interval(s);
            s.finish();
            if (url != null) {
                beats.add(new Heartbeat("heartbeat to " + url.getHost(), url, interval));
            }
        }
        for (ConfigNode n : peerNodes) {
            Section s = Section.of(n, "a peer", errors);
            String name = s.required("name", "the host name the peer is monitored as here, e.g. vigil-b");
            URI url = url(s);
            String uuid = s.required("uuid", "the UUID the peer pings here (/ping/UUID); make one with uuidgen");
            try {
                uuid = uuid.isEmpty() ? uuid : UUID.fromString(uuid).toString();
            } catch (IllegalArgumentException e) {
                s.error("uuid", "'uuid' must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e");
            }
            Duration interval = interval(s);
            Duration grace = s.duration("grace", Duration.ofMinutes(3));
            s.finish();
            if (url == null || name.isEmpty() || uuid.isEmpty()) {
                continue;
            }
            beats.add(new Heartbeat("heartbeat to peer " + name, url, interval));
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("name", name);
            host.put("address", url.getHost());
            hosts.add(host);
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", "heartbeat");
            service.put("host", name);
            service.put("type", "push");
            service.put("period", interval.toSeconds() + "s");
            service.put("grace", grace.toSeconds() + "s");
            service.put("uuid", uuid);
            services.add(service);
        }
        return new WatchSettings(beats, hosts, services);
    }

    private static URI url(Section s) {
        return dev.vigil.checks.http.HttpClients.url(s, "the place to ping", "https://vigil-b:8080/ping/UUID");
    }

    private static Duration interval(Section s) {
        Duration interval = s.duration("interval", Duration.ofMinutes(1));
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            s.error("interval", "'interval' must be at least 1m");
            return Duration.ofMinutes(1);
        }
        return interval;
    }
}
