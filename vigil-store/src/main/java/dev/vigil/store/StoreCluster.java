package dev.vigil.store;

import dev.vigil.core.cluster.Cluster;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers sharing one PostgreSQL store: each writes a heartbeat row every {@code heartbeat}; a member whose
 * row is older than {@code deadAfter} is dead and its share moves. The work that runs once goes to the holder of
 * the lease {@code leader}, renewed with each heartbeat.
 *
 * <p>Two rules keep work from running twice. A member whose own heartbeats have failed for {@code deadAfter} owns
 * nothing and leads nothing (the others may have taken its share). And a member declares no one dead, nor takes
 * the lease, before its own heartbeats have succeeded for {@code deadAfter}: when the database comes back from a
 * pause, everyone's rows are old at once, and nobody should take over from members that were as cut off as itself.
 */
public final class StoreCluster implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(StoreCluster.class);
    private static final String LEASE = "leader";

    private final Database db;
    private final String self;
    private volatile String address;
    private final InstantSource clock;
    private final Duration deadAfter;
    private final IntSupplier checks;
    private final Instant started;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Member> members = List.of();
    private volatile List<String> live = List.of();
    private volatile boolean leader;
    private volatile boolean fenced;
    private Instant healthySince;
    private Instant lastOk;

    /** @param checks how many checks this member runs, written with each heartbeat */
    public StoreCluster(Database db, String self, String address, InstantSource clock, Duration deadAfter, IntSupplier checks) {
        this.db = db;
        this.self = self;
        this.address = address;
        this.clock = clock;
        this.deadAfter = deadAfter;
        this.checks = checks;
        this.started = clock.instant();
        this.lastOk = started;
        this.live = List.of(self);
    }

    /** Writes this member's heartbeat, reads the others', renews or takes the lease; run every heartbeat. */
    public synchronized void beat() {
        Instant now = clock.instant();
        List<String> before = live;
        boolean wasLeader = leader();
        try {
            List<Member> all = db.write(c -> {
                try (PreparedStatement p = c.prepareStatement(Database.upsert("cluster_members", List.of("id"),
                        List.of("id", "address", "started", "last_seen", "checks")))) {
                    p.setString(1, self);
                    p.setString(2, address);
                    p.setLong(3, started.toEpochMilli());
                    p.setLong(4, now.toEpochMilli());
                    p.setLong(5, checks.getAsInt());
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_members WHERE last_seen < ?")) {
                    p.setLong(1, now.minus(Duration.ofDays(1)).toEpochMilli()); // long gone: off the list
                    p.executeUpdate();
                }
                List<Member> rows = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT id, address, last_seen, checks FROM cluster_members ORDER BY id");
                     ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Member(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4)));
                    }
                }
                return rows;
            });
            Instant end = clock.instant();
            // A heartbeat that waited (a paused store, a long stall) counts as a new start: the others waited too.
            if (healthySince == null || end.isAfter(lastOk.plus(deadAfter.dividedBy(2)))) {
                healthySince = end;
            }
            lastOk = end;
            fenced = false;
            boolean settled = !end.isBefore(healthySince.plus(deadAfter));
            Instant freshest = all.stream().map(Member::lastSeen).max(Comparator.naturalOrder()).orElse(now);
            List<Member> alive = all.stream().filter(m -> m.id().equals(self) || !settled && before.contains(m.id())
                    || !m.lastSeen().isBefore(freshest.minus(deadAfter))).toList();
            members = alive;
            live = alive.stream().map(Member::id).toList();
            leader = lease(now, settled);
        } catch (RuntimeException e) {
            healthySince = null;
            if (!fenced && !now.isBefore(lastOk.plus(deadAfter))) {
                fenced = true;
                log.warn("cluster: no heartbeat written for {}; running nothing until the store answers ({})", deadAfter, e.getMessage());
            }
        }
        if (!live.equals(before) || wasLeader != leader()) {
            if (!live.equals(before)) {
                log.info("cluster: members {}", live);
            }
            listeners.forEach(Runnable::run);
        }
    }

    /** Renews the lease when this member holds it; takes it when its holder let it run out (and this one is settled). */
    private boolean lease(Instant now, boolean settled) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cluster_leases (name, holder, expires) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                p.setString(1, LEASE);
                p.setString(2, self);
                p.setLong(3, now.plus(deadAfter).toEpochMilli());
                if (settled && p.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE cluster_leases SET holder = ?, expires = ? WHERE name = ? "
                    + "AND (holder = ? OR expires < ?)")) {
                p.setString(1, self);
                p.setLong(2, now.plus(deadAfter).toEpochMilli());
                p.setString(3, LEASE);
                p.setString(4, self);
                // A settled member may take a lease run out; an unsettled one only renews its own.
                p.setLong(5, settled ? now.toEpochMilli() : Long.MIN_VALUE);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Where this member's API answers, written with the next heartbeat. */
    public void advertise(String address) {
        this.address = address;
    }

    /** Takes this member off the list at a clean stop, so its share moves at once. */
    public synchronized void leave() {
        try {
            db.write(c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_members WHERE id = ?")) {
                    p.setString(1, self);
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE cluster_leases SET expires = 0 WHERE holder = ?")) {
                    p.setString(1, self);
                    p.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("cluster: could not leave cleanly ({}); the others take over when the heartbeat is {} old", e.getMessage(), deadAfter);
        }
        leader = false;
        fenced = true;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public boolean owns(String key) {
        return !fenced && self.equals(Cluster.owner(key, live));
    }

    @Override
    public boolean leader() {
        return !fenced && leader;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
