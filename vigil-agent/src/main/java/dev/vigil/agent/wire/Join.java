package dev.vigil.agent.wire;

/** Enrollment: the agent's request (join token, PEM certificate request, facts) and the server's answer. */
public final class Join {
    private Join() {}

    public record Request(String token, String csr, Facts facts) {}

    /** @param certificate the agent's client certificate (PEM), signed by the server's CA */
    public record Reply(String agent, String host, String certificate) {}
}
