package dev.vigil.checks;

import java.util.Objects;

/** What a status belongs to: a host ({@code service} is null) or one service on a host. */
public record Target(String host, String service) implements Comparable<Target> {
    public Target {
        Objects.requireNonNull(host, "host");
    }

    public static Target host(String host) {
        return new Target(host, null);
    }

    public static Target service(String host, String service) {
        return new Target(host, Objects.requireNonNull(service, "service"));
    }

    public boolean isHost() {
        return service == null;
    }

    @Override
    public int compareTo(Target o) {
        int c = host.compareTo(o.host);
        if (c != 0) {
            return c;
        }
        if (service == null || o.service == null) {
            return service == null ? (o.service == null ? 0 : -1) : 1;
        }
        return service.compareTo(o.service);
    }

    @Override
    public String toString() {
        return service == null ? host : host + "/" + service;
    }
}
