package dev.vigil.logs.ossec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CDB lists rules look fields up in ({@code <list field="srcip" lookup="match_key">etc/lists/x</list>}):
 * text files of {@code key:value} lines (the value may be empty; a key with a colon is written in double
 * quotes), read from the lists folder once each. Rules name them by their installed path,
 * {@code etc/lists/NAME}, which is {@code NAME} under the folder.
 */
final class CdbLists {
    private final Path folder;
    private final Map<String, Map<String, String>> loaded = new HashMap<>();

    /** How a rule looks a field up. */
    enum Lookup {
        MATCH_KEY, NOT_MATCH_KEY, MATCH_KEY_VALUE, ADDRESS_MATCH_KEY, NOT_ADDRESS_MATCH_KEY, ADDRESS_MATCH_KEY_VALUE;

        static Lookup of(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown list lookup '" + name + "'");
            }
        }
    }

    /** One {@code <list>} of a rule: which field, how, in which list, and for *_value lookups the value's pattern. */
    record Test(String field, Lookup lookup, Map<String, String> list, Pattern checkValue) {

        /** Whether the event passes this test; a field the event does not have fails it. */
        boolean passes(LogEvent e) {
            String v = e.field(field);
            if (v == null) {
                return false;
            }
            return switch (lookup) {
                case MATCH_KEY -> list.containsKey(v);
                case NOT_MATCH_KEY -> !list.containsKey(v);
                case MATCH_KEY_VALUE -> value(list.get(v));
                case ADDRESS_MATCH_KEY -> address(v) != null;
                case NOT_ADDRESS_MATCH_KEY -> address(v) == null;
                case ADDRESS_MATCH_KEY_VALUE -> value(address(v));
            };
        }

        private boolean value(String stored) {
            return stored != null && (checkValue == null || checkValue.matcher(stored).find());
        }

        /**
         * The value stored for an address or for the network it is in: keys may be whole addresses or their
         * leading octets ({@code 10.0.0} or {@code 10.0.0.}), as CDB lists of networks are written.
         */
        private String address(String ip) {
            String v = list.get(ip);
            String prefix = ip;
            while (v == null) {
                int dot = prefix.lastIndexOf('.');
                if (dot <= 0) {
                    return null;
                }
                prefix = prefix.substring(0, dot);
                v = list.containsKey(prefix) ? list.get(prefix) : list.get(prefix + ".");
            }
            return v;
        }
    }

    /** @param folder where the lists are, or null when none was given (then every list is missing) */
    CdbLists(Path folder) {
        this.folder = folder;
    }

    /** The list a rule names, read on first use; IllegalArgumentException when it is not there. */
    Map<String, String> list(String name) {
        String relative = name.strip().replaceFirst("^etc/lists/", "");
        if (folder == null) {
            throw new IllegalArgumentException("list '" + name + "' needs a lists folder (--lists, logs.lists)");
        }
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("list '" + name + "' is not in " + folder);
        }
        return loaded.computeIfAbsent(relative, k -> read(file));
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                int split;
                String key;
                if (line.startsWith("\"")) {
                    int close = line.indexOf('"', 1);
                    key = close < 0 ? line.substring(1) : line.substring(1, close);
                    split = close < 0 ? -1 : line.indexOf(':', close);
                } else {
                    split = line.indexOf(':');
                    key = split < 0 ? line : line.substring(0, split);
                }
                out.put(key.strip(), split < 0 ? "" : line.substring(split + 1).strip());
            }
        } catch (IOException e) {
            // Reported with the rule that names the list (which is skipped), not a failure of the whole load.
            throw new IllegalArgumentException("list " + file.getFileName() + " cannot be read: " + e.getMessage());
        }
        return out;
    }
}
