package dev.vigil.logs.ossec;

import dev.vigil.core.text.KeywordSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a lower-cased line, which of the ruleset's prefilter literals it contains. Wazuh's
 * ruleset tries a few hundred patterns on every line; testing each pattern's literals with its own substring
 * search cost more than the regular expressions that then ran. Built once per ruleset; each {@link LinePattern}
 * gets the ids of its literals, and a line's answer is a bit set.
 */
final class LiteralScanner {
    private final KeywordSearch search;

    private LiteralScanner(KeywordSearch search) {
        this.search = search;
    }

    /** Builds the scanner over every literal of {@code patterns} and gives each pattern its literal ids. */
    static LiteralScanner over(List<LinePattern> patterns) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (LinePattern p : patterns) {
            if (p.literals() == null || p.literalIds != null) {
                continue;
            }
            int[][] pIds = new int[p.literals().length][];
            for (int a = 0; a < pIds.length; a++) {
                String[] alternative = p.literals()[a];
                pIds[a] = new int[alternative.length];
                for (int i = 0; i < alternative.length; i++) {
                    pIds[a][i] = ids.computeIfAbsent(alternative[i], k -> ids.size());
                }
            }
            p.literalIds = pIds;
        }
        return new LiteralScanner(new KeywordSearch(new ArrayList<>(ids.keySet())));
    }

    /** The literals {@code lower} contains, as a bit set indexed by literal id. */
    long[] scan(String lower) {
        return search.scan(lower);
    }

    /** How many distinct literals it knows. */
    int size() {
        return search.size();
    }
}
