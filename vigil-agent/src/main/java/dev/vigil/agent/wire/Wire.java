package dev.vigil.agent.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the agent protocol: strict on the server's side (unknown fields are an error there). */
public final class Wire {
    /** Lenient: the agent reads a newer server's answers. */
    public static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Wire() {}
}
