package dev.vigil.integrity.fim.packages;

import dev.vigil.integrity.fim.FileChange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scan's changes sorted by what the package manager says of them. One {@code apt-get install} writes dozens
 * of files, and an integrity monitor that alerts on each drowns the one change that matters: a file whose
 * content is not what its package installed. So:
 * <ul>
 * <li>{@code byPackage}: files of a package installed or upgraded since the last scan; {@code verified} of them
 *     have exactly the content the package shipped (its MD5 in {@code PKG.md5sums});</li>
 * <li>{@code tampered}: files a package owns whose content differs from what it shipped;</li>
 * <li>{@code other}: everything else, judged as before.</li>
 * </ul>
 * dpkg's own temporary files ({@code *.dpkg-new}, {@code *.dpkg-tmp}, ...) are left out.
 *
 * @param operations what dpkg did since the last scan, by package: "imagemagick 8:6.9.11 installed"
 */
public record PackageChanges(Map<String, String> operations, Map<String, List<FileChange>> byPackage, Set<FileChange> verified,
                             List<Tampered> tampered, List<FileChange> other) {

    /** A file whose content is not what its package installed. */
    public record Tampered(FileChange change, String pkg) {}

    private static final List<String> TRANSIENT = List.of(".dpkg-new", ".dpkg-tmp", ".dpkg-old", ".dpkg-bak", ".dpkg-remove",
            ".dpkg-dist");

    /** Sorts {@code changes}; {@code since} is when the previous scan started (operations after it are this scan's). */
    public static PackageChanges sort(List<FileChange> changes, Dpkg dpkg, Instant since) {
        Map<String, String> operations = new LinkedHashMap<>();
        Map<String, Dpkg.Owner> recent = new HashMap<>();
        for (Dpkg.Operation op : dpkg.since(since)) {
            String name = op.pkg().contains(":") ? op.pkg().substring(0, op.pkg().indexOf(':')) : op.pkg();
            operations.put(name, name + " " + op.version() + " " + op.action());
            if (op.action().equals("installed")) {
                recent.putAll(dpkg.files(op.pkg()));
            }
        }
        Map<String, List<FileChange>> byPackage = new LinkedHashMap<>();
        Set<FileChange> verified = new HashSet<>(); // looked up once per file of an upgrade: a set, not a list
        List<Tampered> tampered = new ArrayList<>();
        List<FileChange> other = new ArrayList<>();
        for (FileChange c : changes) {
            if (TRANSIENT.stream().anyMatch(c.path()::endsWith)) {
                continue;
            }
            Dpkg.Owner owner = recent.get(c.path());
            if (owner != null) {
                if (c.kind() == FileChange.Kind.REMOVED || owner.md5() == null) {
                    byPackage.computeIfAbsent(owner.pkg(), p -> new ArrayList<>()).add(c); // owned, nothing to verify
                } else if (Dpkg.md5(Path.of(c.path())).map(owner.md5()::equals).orElse(false)) {
                    byPackage.computeIfAbsent(owner.pkg(), p -> new ArrayList<>()).add(c);
                    verified.add(c);
                } else {
                    tampered.add(new Tampered(c, owner.pkg()));
                }
                continue;
            }
            if (c.kind() == FileChange.Kind.MODIFIED && dpkg.present()) {
                // Changed outside any recent package operation: does it still hold what its package shipped?
                var older = dpkg.owner(c.path());
                if (older.isPresent() && older.get().md5() != null
                        && !Dpkg.md5(Path.of(c.path())).map(older.get().md5()::equals).orElse(true)) {
                    tampered.add(new Tampered(c, older.get().pkg()));
                    continue;
                }
            }
            other.add(c);
        }
        return new PackageChanges(operations, byPackage, verified, tampered, other);
    }
}
