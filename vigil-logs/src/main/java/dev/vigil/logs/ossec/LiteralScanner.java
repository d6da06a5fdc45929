package dev.vigil.logs.ossec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds, in one pass over a lower-cased line, which of the ruleset's prefilter literals it contains (an
 * Aho-Corasick automaton). Wazuh's ruleset tries a few hundred patterns on every line; testing each pattern's
 * literals with its own substring search cost more than the regular expressions that then ran. Built once per
 * ruleset; each {@link LinePattern} gets the ids of its literals, and a line's answer is a bit set.
 */
final class LiteralScanner {
    private final int count;
    /** Per state: the characters it has a transition on (sorted) and the states they lead to. */
    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    /** Per state: the literal ending here, or -1. */
    private final int[] output;
    /** Per state: the nearest state on its failure chain with an output, or 0. */
    private final int[] nextOutput;

    /** The root's transitions for ASCII as a table: most characters of a line are read at the root. */
    private final int[] root = new int[ROOT_SPAN];
    private static final int ROOT_SPAN = 128;

    private LiteralScanner(int count, char[][] keys, int[][] targets, int[] fail, int[] output, int[] nextOutput) {
        this.count = count;
        this.keys = keys;
        this.targets = targets;
        this.fail = fail;
        this.output = output;
        this.nextOutput = nextOutput;
        Arrays.fill(root, -1);
        for (int i = 0; i < keys[0].length; i++) {
            if (keys[0][i] < ROOT_SPAN) {
                root[keys[0][i]] = targets[0][i];
            }
        }
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
        // The trie, with sorted transitions while it is built.
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        trie.add(new TreeMap<>());
        out.add(-1);
        for (Map.Entry<String, Integer> literal : ids.entrySet()) {
            int state = 0;
            for (char c : literal.getKey().toCharArray()) {
                Integer to = trie.get(state).get(c);
                if (to == null) {
                    to = trie.size();
                    trie.add(new TreeMap<>());
                    out.add(-1);
                    trie.get(state).put(c, to);
                }
                state = to;
            }
            out.set(state, literal.getValue());
        }
        int n = trie.size();
        char[][] keys = new char[n][];
        int[][] targets = new int[n][];
        for (int s = 0; s < n; s++) {
            TreeMap<Character, Integer> t = trie.get(s);
            keys[s] = new char[t.size()];
            targets[s] = new int[t.size()];
            int i = 0;
            for (Map.Entry<Character, Integer> e : t.entrySet()) {
                keys[s][i] = e.getKey();
                targets[s][i++] = e.getValue();
            }
        }
        int[] output = out.stream().mapToInt(Integer::intValue).toArray();
        int[] fail = new int[n];
        int[] nextOutput = new int[n];
        // Breadth first: a state's failure is the longest proper suffix of its text that is also in the trie.
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int child : targets[0]) {
            todo.add(child);
        }
        LiteralScanner partial = new LiteralScanner(ids.size(), keys, targets, fail, output, nextOutput);
        while (!todo.isEmpty()) {
            int s = todo.poll();
            for (int i = 0; i < keys[s].length; i++) {
                int child = targets[s][i];
                int f = fail[s];
                int to;
                while ((to = partial.step(f, keys[s][i])) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[child] = Math.max(to, 0) == child ? 0 : Math.max(to, 0);
                nextOutput[child] = output[fail[child]] >= 0 ? fail[child] : nextOutput[fail[child]];
                todo.add(child);
            }
        }
        return partial;
    }

    private int step(int state, char c) {
        if (state == 0 && c < ROOT_SPAN) {
            return root[c];
        }
        char[] k = keys[state];
        int i = k.length < 8 ? linear(k, c) : Arrays.binarySearch(k, c);
        return i >= 0 ? targets[state][i] : -1;
    }

    private static int linear(char[] k, char c) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The literals {@code lower} contains, as a bit set indexed by literal id. */
    long[] scan(String lower) {
        long[] present = new long[(count + 63) >>> 6];
        int state = 0;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int to;
            while ((to = step(state, c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = Math.max(to, 0);
            for (int o = output[state] >= 0 ? state : nextOutput[state]; o != 0; o = nextOutput[o]) {
                int id = output[o];
                present[id >>> 6] |= 1L << id;
            }
        }
        return present;
    }

    /** How many distinct literals it knows. */
    int size() {
        return count;
    }
}
