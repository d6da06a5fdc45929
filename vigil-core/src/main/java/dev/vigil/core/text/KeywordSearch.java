package dev.vigil.core.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds which of many keywords a text contains, in one pass (an Aho-Corasick automaton): the prefilter that
 * decides which of hundreds of patterns are worth running on a line (the log analyzer's rules, the secret
 * detectors). Built once; {@link #scan} is safe to call from several threads. Keywords are matched exactly as
 * given (callers lower-case both sides for a case-insensitive test); the answer is a bit set indexed by the
 * keyword's position in the list.
 */
public final class KeywordSearch {
    private static final int ROOT_SPAN = 128;

    private final int count;
    /** Per state: the characters it has a transition on (sorted) and the states they lead to. */
    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    /** Per state: the keyword ending here, or -1. */
    private final int[] output;
    /** Per state: the nearest state on its failure chain with an output, or 0. */
    private final int[] nextOutput;
    /** The root's transitions for ASCII as a table: most characters of a text are read at the root. */
    private final int[] root = new int[ROOT_SPAN];
    private final int[] lengths;
    /** Per state: which ASCII characters it has a transition on (bits 0-63, 64-127), so a miss costs one test. */
    private final long[] asciiLow;
    private final long[] asciiHigh;
    /** Per keyword position: the later positions of the same keyword (found whenever it is), mostly none. */
    private final int[][] repeats;

    /** An automaton over {@code keywords} (empty ones are ignored; duplicates share nothing, both are found). */
    public KeywordSearch(List<String> keywords) {
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        trie.add(new TreeMap<>());
        out.add(-1);
        List<int[]> sameAs = new ArrayList<>(); // a keyword listed twice: {duplicate id, first id}
        for (int id = 0; id < keywords.size(); id++) {
            String keyword = keywords.get(id);
            if (keyword.isEmpty()) {
                continue;
            }
            int state = 0;
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                Integer to = trie.get(state).get(c);
                if (to == null) {
                    to = trie.size();
                    trie.add(new TreeMap<>());
                    out.add(-1);
                    trie.get(state).put(c, to);
                }
                state = to;
            }
            if (out.get(state) >= 0) {
                sameAs.add(new int[] {id, out.get(state)});
            } else {
                out.set(state, id);
            }
        }
        int n = trie.size();
        this.count = keywords.size();
        this.keys = new char[n][];
        this.targets = new int[n][];
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
        this.output = out.stream().mapToInt(Integer::intValue).toArray();
        this.asciiLow = new long[n];
        this.asciiHigh = new long[n];
        for (int st = 0; st < n; st++) {
            for (char c : keys[st]) {
                if (c < 64) {
                    asciiLow[st] |= 1L << c;
                } else if (c < 128) {
                    asciiHigh[st] |= 1L << (c - 64);
                }
            }
        }
        this.fail = new int[n];
        this.nextOutput = new int[n];
        Arrays.fill(root, -1);
        for (int i = 0; i < keys[0].length; i++) {
            if (keys[0][i] < ROOT_SPAN) {
                root[keys[0][i]] = targets[0][i];
            }
        }
        // Breadth first: a state's failure is the longest proper suffix of its text that is also in the trie.
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int child : targets[0]) {
            todo.add(child);
        }
        while (!todo.isEmpty()) {
            int s = todo.poll();
            for (int i = 0; i < keys[s].length; i++) {
                int child = targets[s][i];
                int f = fail[s];
                int to;
                while ((to = step(f, keys[s][i])) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[child] = to < 0 || to == child ? 0 : to;
                nextOutput[child] = output[fail[child]] >= 0 ? fail[child] : nextOutput[fail[child]];
                todo.add(child);
            }
        }
        this.repeats = new int[keywords.size()][];
        Arrays.fill(repeats, new int[0]);
        for (int[] d : sameAs) {
            int[] r = repeats[d[1]];
            repeats[d[1]] = Arrays.copyOf(r, r.length + 1);
            repeats[d[1]][r.length] = d[0];
        }
        this.lengths = keywords.stream().mapToInt(String::length).toArray();
    }

    private int step(int state, char c) {
        if (c < 128) {
            if (state == 0) {
                return root[c];
            }
            if ((c < 64 ? asciiLow[state] >>> c : asciiHigh[state] >>> (c - 64)) % 2 == 0) {
                return -1;
            }
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

    /** The keywords {@code text} contains (read as {@link #occurrences} reads it), as a bit set by keyword position. */
    public long[] scan(CharSequence text) {
        long[] present = new long[(count + 63) >>> 6];
        occurrences(text, (id, end) -> present[id >>> 6] |= 1L << id);
        return present;
    }

    /** Told of each keyword occurrence: which keyword, and the offset just past its end. */
    @FunctionalInterface
    public interface Hit {
        void at(int keyword, int end);
    }

    /**
     * Every occurrence of every keyword in {@code text}, reading the text as if lower-cased (so keywords are
     * given in lower case) (ASCII letters and
     * whatever {@link Character#toLowerCase(char)} folds one to one), so offsets are the text's own.
     */
    public void occurrences(CharSequence text, Hit hit) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            c = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c < 128 ? c : Character.toLowerCase(c);
            int to;
            while ((to = step(state, c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = Math.max(to, 0);
            for (int o = output[state] >= 0 ? state : nextOutput[state]; o != 0; o = nextOutput[o]) {
                hit.at(output[o], i + 1);
                for (int again : repeats[output[o]]) {
                    hit.at(again, i + 1);
                }
            }
        }
    }

    /** The length of keyword {@code id}. */
    public int length(int id) {
        return lengths[id];
    }

    /** Whether the bit set {@link #scan} returned has keyword {@code id}. */
    public static boolean has(long[] present, int id) {
        return (present[id >>> 6] & (1L << id)) != 0;
    }

    /** How many keywords it was built over. */
    public int size() {
        return count;
    }
}
