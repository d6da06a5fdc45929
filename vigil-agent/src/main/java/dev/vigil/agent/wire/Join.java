package dev.vigil.agent.wire;

/** Enrollment: the agent's request (join token, PEM certificate request, facts) and the server's answer. */
public final class Join {
    private Join() {}

    /** @param location the location a probe checks from (a probe token is needed); null for an agent */
    public record Request(String token, String csr, Facts facts, String location) {
        public Request(String token, String csr, Facts facts) {
            this(token, csr, facts, null);
        }
    }

    /** @param certificate the agent's client certificate (PEM), signed by the server's CA */
    public record Reply(String agent, String host, String certificate) {}
}
