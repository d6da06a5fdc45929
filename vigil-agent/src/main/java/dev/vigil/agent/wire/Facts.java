package dev.vigil.agent.wire;

import java.util.List;
import java.util.Map;

/**
 * What an agent tells the server about its machine, for autoregistration and the Agents page.
 *
 * @param listening TCP ports something listens on (the machine's services)
 * @param labels the agent's own labels (from its config); the join token's are added on the server
 */
public record Facts(String hostname, String os, String kernel, List<String> addresses, int cpus, long memory,
                    List<Integer> listening, Map<String, String> labels, String version) {
    public Facts {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        listening = listening == null ? List.of() : List.copyOf(listening);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
