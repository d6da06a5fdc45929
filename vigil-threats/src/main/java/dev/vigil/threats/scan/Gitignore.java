package dev.vigil.threats.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One folder's {@code .gitignore} as git reads it: {@code #} comments, {@code !} to take a path back, a trailing
 * {@code /} for folders only, a pattern with a {@code /} anchored to this folder and one without matching a name
 * at any depth, and the globs {@code *}, {@code ?}, {@code [...]} and {@code **}. The last pattern that matches
 * decides.
 */
final class Gitignore {
    private record Entry(Pattern regex, boolean negated, boolean foldersOnly) {}

    private final Path folder;
    private final List<Entry> entries;

    private Gitignore(Path folder, List<Entry> entries) {
        this.folder = folder;
        this.entries = entries;
    }

    /** The folder's rules; none when it has no readable {@code .gitignore}. */
    static Gitignore of(Path folder) {
        Path file = folder.resolve(".gitignore");
        if (!Files.isRegularFile(file)) {
            return new Gitignore(folder, List.of());
        }
        try {
            return parse(folder, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Gitignore(folder, List.of());
        }
    }

    static Gitignore parse(Path folder, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated || line.startsWith("\\")) {
                line = line.substring(1);
            }
            boolean foldersOnly = line.endsWith("/");
            if (foldersOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String glob = glob(line);
            String regex = anchored || line.startsWith("**") ? glob : "(?:.*/)?" + glob;
            entries.add(new Entry(Pattern.compile(regex), negated, foldersOnly));
        }
        return new Gitignore(folder, List.copyOf(entries));
    }

    private static String glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && pattern.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 2;
            } else if (c == '*' && pattern.startsWith("**", i)) {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, close).replace("\\", "\\\\");
                    re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = close;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /**
     * Whether {@code path} (under this folder) is ignored: true, false, or null when no pattern here says
     * (a folder higher up may).
     */
    Boolean ignores(Path path, boolean folder) {
        String relative = this.folder.relativize(path).toString().replace('\\', '/');
        Boolean verdict = null;
        // The walk never enters an ignored folder, so each path is asked about on its own.
        for (Entry e : entries) {
            if ((folder || !e.foldersOnly()) && e.regex().matcher(relative).matches()) {
                verdict = !e.negated();
            }
        }
        return verdict;
    }
}
