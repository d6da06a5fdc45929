package dev.vigil.notify.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Notification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for channels: the notification in the webhook shape (documented in the README). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status().id());
        m.put("fingerprint", a.fingerprint());
        m.put("host", a.host());
        m.put("service", a.service());
        m.put("title", a.title());
        m.put("severity", a.severity());
        m.put("details", a.details());
        m.put("source", a.source());
        m.put("startsAt", a.startsAt());
        m.put("endsAt", a.endsAt());
        m.put("labels", a.labels());
        return m;
    }

    /** The webhook body: the lead alert's fields at the top (for simple consumers), all alerts in {@code alerts}. */
    public static Map<String, Object> webhook(Notification n) {
        Alert lead = n.lead();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "1");
        m.put("status", n.status().id());
        m.put("receiver", n.receiver());
        m.put("groupKey", n.groupKey());
        m.put("dedupKey", n.dedupKey());
        m.put("fingerprint", lead.fingerprint());
        m.put("host", lead.host());
        m.put("service", lead.service());
        m.put("title", lead.title());
        m.put("severity", lead.severity());
        m.put("startsAt", lead.startsAt());
        m.put("endsAt", lead.endsAt());
        m.put("test", n.test());
        m.put("incident", n.incident());
        m.put("events", n.events());
        List<Map<String, Object>> alerts = n.alerts().stream().map(Json::alert).toList();
        m.put("alerts", alerts);
        if (!n.ackLinks().isEmpty()) {
            m.put("acknowledgeLinks", n.ackLinks());
        }
        return m;
    }
}
