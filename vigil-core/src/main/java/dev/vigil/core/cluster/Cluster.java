package dev.vigil.core.cluster;

import java.time.Instant;
import java.util.List;

/**
 * The Vigil servers that share one store and its work. Each piece of work that must run on one server (a check, a
 * collector) is owned by one live member, chosen by rendezvous hashing over the live members, so when a member
 * joins or dies only its share moves; the work that must run once overall (the notifications, the incidents) goes
 * to the holder of a lease. With the embedded store there is one member, which owns everything.
 */
public interface Cluster {
    /** A live member: its id, where its API answers, its last heartbeat, and how many checks it owns. */
    record Member(String id, String address, Instant lastSeen, int checks) {}

    /** This server's id. */
    String self();

    /** The live members, by id. */
    List<Member> members();

    /** Whether this server runs the work named {@code key} (e.g. {@code check:HOST/SERVICE}). */
    boolean owns(String key);

    /** Whether this server runs the work that must run once across the cluster. */
    boolean leader();

    /** Called (on the heartbeat's thread) when the members or the leader changed. */
    void onChange(Runnable listener);

    /**
     * One server alone, owning everything: the embedded store's cluster.
     *
     * @param checks how many checks it runs, for {@link #members()}
     */
    static Cluster single(String id, String address, java.util.function.IntSupplier checks, java.time.InstantSource clock) {
        return new Cluster() {
            @Override
            public String self() {
                return id;
            }

            @Override
            public List<Member> members() {
                return List.of(new Member(id, address, clock.instant(), checks.getAsInt()));
            }

            @Override
            public boolean owns(String key) {
                return true;
            }

            @Override
            public boolean leader() {
                return true;
            }

            @Override
            public void onChange(Runnable listener) {
                // one member forever: nothing changes
            }
        };
    }

    /**
     * The member that owns {@code key} among {@code ids}: the highest of a 64-bit mix of each id with the key
     * (rendezvous hashing: a member's leaving moves only its own keys, each to the next-highest member).
     */
    static String owner(String key, List<String> ids) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String id : ids) {
            long score = mix(id, key);
            if (best == null || score > bestScore || score == bestScore && id.compareTo(best) < 0) {
                best = id;
                bestScore = score;
            }
        }
        return best;
    }

    /** FNV-1a over the id, a separator and the key, then SplitMix64's finalizer so similar keys spread. */
    private static long mix(String id, String key) {
        long h = 0xcbf29ce484222325L;
        for (String part : new String[] {id, "\u0000", key}) {
            for (int i = 0; i < part.length(); i++) {
                h ^= part.charAt(i);
                h *= 0x100000001b3L;
            }
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
