package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlFilesTest {
    @Test
    void nodesKnowTheirLine() throws Exception {
        ConfigNode root = YamlFiles.parse("a: 1\nlist:\n  - x\n  - y\n", "f.yml");
        var map = (ConfigNode.Mapping) root;
        assertThat(map.get("a").orElseThrow().location()).isEqualTo(new Location("f.yml", 1));
        var list = (ConfigNode.Sequence) map.get("list").orElseThrow();
        assertThat(list.items().get(1).location().line()).isEqualTo(4);
    }

    @Test
    void syntaxErrorsCarryFileAndLine() {
        assertThatThrownBy(() -> YamlFiles.parse("hosts:\n  - name: a\n   bad: [\n", "vigil.yml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.location().file()).isEqualTo("vigil.yml");
                            assertThat(err.location().line()).isBetween(2, 4);
                            assertThat(err.message()).startsWith("YAML syntax error");
                        }));
    }

    @Test
    void duplicateKeysAreErrorsNamingBothLines() {
        assertThatThrownBy(() -> YamlFiles.parse("a: 1\nb: 2\na: 3\n", "x.yml"))
                .hasMessageContaining("x.yml:3: duplicate key 'a' (first set at line 1)");
    }

    @Test
    void emptyFileIsAnEmptyMapping() throws Exception {
        assertThat(YamlFiles.parse("", "e.yml")).isInstanceOf(ConfigNode.Mapping.class);
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder y = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            y.append("]\n");
            prev = c;
        }
        assertThatThrownBy(() -> YamlFiles.parse(y.toString(), "bomb.yml")).isInstanceOf(ConfigException.class);
    }
}
