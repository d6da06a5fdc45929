package dev.vigil.agent.wire;

import java.util.List;

/**
 * What an agent sends on each contact (gzip-compressed JSON), and what the server answers.
 *
 * @param sent when the agent sent it (its clock), for the skew
 * @param planVersion the version of the plan the agent runs
 * @param buffered bytes waiting in the agent's on-disk buffer
 * @param lost items the agent dropped since its last report because its buffer was full
 * @param facts the machine's facts when they changed (or on the first contact after a start), else null
 */
public record Batch(List<Item> items, long sent, String version, String planVersion, long buffered, long lost, Facts facts) {
    public Batch {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * @param acked the last sequence number the server applied: the agent may drop everything up to it
     * @param plan the plan to run when the agent's version differs from the server's, else null
     * @param serverTime the server's clock when it answered (epoch ms)
     * @param renew whether the agent's client certificate is in the last third of its life: the agent asks for a new one
     */
    public record Reply(long acked, Plan plan, long serverTime, boolean renew) {
        public Reply(long acked, Plan plan, long serverTime) {
            this(acked, plan, serverTime, false);
        }
    }

    /** A renewal: a new key's certificate request, and the server's answer (PEM), for the same agent. */
    public record Renewal(String csr) {}
}
