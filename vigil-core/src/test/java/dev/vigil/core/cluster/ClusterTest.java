package dev.vigil.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTest {
    @Test
    void workIsSpreadAndAMemberLeavingMovesOnlyItsOwnShare() {
        List<String> three = List.of("a", "b", "c");
        Map<String, String> before = new HashMap<>();
        Map<String, Integer> shares = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String key = "check:web" + i + "/http";
            String owner = Cluster.owner(key, three);
            before.put(key, owner);
            shares.merge(owner, 1, Integer::sum);
        }
        assertThat(shares.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
        for (var e : before.entrySet()) {
            String after = Cluster.owner(e.getKey(), List.of("a", "c"));
            if (!e.getValue().equals("b")) {
                assertThat(after).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(after).isIn("a", "c");
        }
        assertThat(Cluster.owner("x", List.of())).isNull();
    }
}
