package dev.vigil.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's streaming JSON and the server's data binding (strict, as the agent listener reads) agree on every shape. */
class WireJsonTest {
    private static final ObjectMapper SERVER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Facts FACTS = new Facts("web1", "Debian GNU/Linux 12", "6.1.0", List.of("192.0.2.2"), 2, 1L << 33,
            List.of(22, 80), Map.of("role", "web"), "0.1.0");

    @Test
    void aBatchTheAgentWritesIsTheBatchTheServerReads() throws Exception {
        Batch b = new Batch(List.of(new Item.Line(1, 1000, "/var/log/x.log", "(dev=801,ino=12)", 42, "a \"quoted\" line\twith ünïcode"),
                new Item.Sample(2, 1001, "load.1min", "", 0.5, null), new Item.Sample(3, 1002, "disk.used", "B", 1e9, 2e9),
                new Item.Result(4, 1003, "web1", "backup", 2, "backup failed|size=0B"),
                new Item.Finding(5, 1004, "integrity", "problem", "WARNING", "/var/www/tmp modified on web1", "before: mode 0755\nafter: mode 0777",
                        "f00d", Map.of("path", "/var/www/tmp", "change", "modified"))), 1234, "0.1.0", "abc", 10, 3, FACTS);
        assertThat(SERVER.readValue(WireJson.batch(b), Batch.class)).isEqualTo(b);
        Batch noFacts = new Batch(List.of(), 1, "0.1.0", "", 0, 0, null);
        assertThat(SERVER.readValue(WireJson.batch(noFacts), Batch.class)).isEqualTo(noFacts);
    }

    @Test
    void aJoinTheAgentWritesIsTheJoinTheServerReadsAndTheRepliesComeBack() throws Exception {
        Join.Request r = new Join.Request("vigil_join_x", "-----BEGIN CERTIFICATE REQUEST-----\n...", FACTS);
        assertThat(SERVER.readValue(WireJson.join(r), Join.Request.class)).isEqualTo(r);
        Join.Request probe = new Join.Request("vigil_join_y", "-----BEGIN CERTIFICATE REQUEST-----\n...", FACTS, "fra");
        assertThat(SERVER.readValue(WireJson.join(probe), Join.Request.class)).isEqualTo(probe);
        Join.Reply reply = new Join.Reply("agent-1", "web1", "-----BEGIN CERTIFICATE-----\n...");
        assertThat(WireJson.joinReply(SERVER.writeValueAsBytes(reply))).isEqualTo(reply);
        Plan plan = new Plan("v1", 10, List.of("/var/log/nginx/access.log"),
                List.of(new Plan.Check("load", List.of("/usr/lib/nagios/plugins/check_load", "-w", "5,4,3"), 60)),
                new Plan.Integrity(List.of("/etc"), List.of("/var/www"), 3600, 0, 1_700_000_000_000L));
        Batch.Reply withPlan = new Batch.Reply(42, plan, 99);
        assertThat(WireJson.batchReply(SERVER.writeValueAsBytes(withPlan))).isEqualTo(withPlan);
        assertThat(WireJson.batchReply(SERVER.writeValueAsBytes(new Batch.Reply(7, null, 1)))).isEqualTo(new Batch.Reply(7, null, 1));
        assertThat(WireJson.plan(WireJson.plan(plan))).isEqualTo(plan);
        Plan probes = new Plan("p1", 10, List.of(), List.of(), null, List.of(new Plan.Probe("web", "http", "http",
                Map.of("url", "https://shop.example/", "expect", List.of(200, 301), "follow", true, "headers", Map.of("X-A", "b")), 60, 10, 15)));
        Batch.Reply probeReply = new Batch.Reply(1, probes, 2);
        assertThat(WireJson.batchReply(SERVER.writeValueAsBytes(probeReply))).isEqualTo(probeReply);
        assertThat(WireJson.plan(WireJson.plan(probes))).isEqualTo(probes);
        assertThat(WireJson.error("{\"error\":\"this agent was revoked\"}".getBytes())).isEqualTo("this agent was revoked");
        assertThat(WireJson.error("<html>".getBytes())).isNull();
    }

    @Test
    void itemsAsTheBufferStoresThem() throws Exception {
        for (Item i : List.of(new Item.Line(5, 1, "/p", "f", 9, "t"), new Item.Sample(6, 2, "n", "%", 1.5, 100.0),
                new Item.Result(7, 3, "h", "s", 0, "OK"), new Item.Finding(8, 4, "audit", "recovery", "OK", "t", "", "fp", Map.of()))) {
            byte[] b = WireJson.item(i);
            assertThat(WireJson.item(b, 0, b.length)).isEqualTo(i);
            assertThat(SERVER.readValue(b, Item.class)).isEqualTo(i);
        }
    }
}
