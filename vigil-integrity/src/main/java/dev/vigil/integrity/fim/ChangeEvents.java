package dev.vigil.integrity.fim;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.integrity.FindingStore;
import dev.vigil.integrity.fim.packages.Dpkg;
import dev.vigil.integrity.fim.packages.PackageChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scan's changes, judged: each new change is one event (or, above {@code group_above}, one event listing
 * them all), raised once and kept open in the {@link FindingStore} until it is accepted or reverted, then
 * closed with a recovery. With dpkg, a package operation's files are one event naming the packages, those
 * with exactly the content their package shipped become the baseline at once, and a file whose content is
 * not what its package installed is an event of its own. Changes to who may become root or how one logs in
 * (sudoers, passwd, shadow, group, sshd, authorized_keys) and a newly gained SUID/SGID bit are critical.
 */
public final class ChangeEvents {
    private static final Logger log = LoggerFactory.getLogger(ChangeEvents.class);
    private static final String FIX = "vigil fim accept";

    private final FimStore fim;
    private final FindingStore open;
    private final Dpkg dpkg;

    /** The events to raise and the changes still pending after package operations were sorted out. */
    public record Judged(List<Event> events, List<FileChange> pending) {}

    public ChangeEvents(FimStore fim, FindingStore open, Dpkg dpkg) {
        this.fim = fim;
        this.open = open;
        this.dpkg = dpkg;
    }

    /**
     * @param roots the trees scanned: open changes under them that are gone are closed
     * @param scan the finished scan the changes come from (verified package files are accepted from it)
     * @param packagesSince package operations after this belong to these changes
     * @param groupAbove more new changes than this become one event
     */
    public Judged judge(List<FileChange> changes, List<String> roots, long scan, String host, Instant at,
                        Instant packagesSince, int groupAbove) {
        List<Event> out = new ArrayList<>();
        if (dpkg.present()) {
            changes = sortPackages(changes, scan, host, at, packagesSince, out);
        }
        Map<String, FileChange> now = new HashMap<>();
        for (FileChange c : changes) {
            now.put(key(host, c), c);
        }
        Map<String, FindingStore.Open> was = open.open("fim-");
        List<FileChange> fresh = new ArrayList<>();
        for (var e : now.entrySet()) {
            if (!was.containsKey(e.getKey())) {
                fresh.add(e.getValue());
                opened(e.getKey(), e.getValue(), e.getValue().kind().id());
            }
        }
        fresh.sort(Comparator.comparing(FileChange::path));
        if (fresh.size() > groupAbove) {
            out.add(groupEvent(fresh, host, at));
        } else {
            fresh.forEach(c -> out.add(changeEvent(c, host, at)));
        }
        for (var e : was.entrySet()) {
            String path = e.getValue().path();
            boolean underScan = roots.stream().anyMatch(r -> path.equals(r) || path.startsWith(r.endsWith("/") ? r : r + "/"));
            if (underScan && !now.containsKey(e.getKey())) {
                open.closed(e.getKey());
                out.add(Event.of(EventKind.RECOVERY, at, host, "integrity", Severity.OK,
                                path + " " + e.getValue().why() + ": accepted or reverted", e.getKey())
                        .withTags(Map.of("service", "integrity", "path", path)));
            }
        }
        return new Judged(out, List.copyOf(changes));
    }

    /**
     * Takes the package managers' changes out: verified files are accepted, the operation is one event, a
     * file that differs from its package is an event of its own. Returns what is left to judge one by one.
     */
    private List<FileChange> sortPackages(List<FileChange> changes, long scan, String host, Instant at, Instant since,
                                          List<Event> out) {
        PackageChanges sorted = PackageChanges.sort(changes, dpkg, since);
        Map<String, FindingStore.Open> was = open.open("fim-");
        // Owned files that cannot be verified (conffiles, directories) stay pending; the new ones are opened here.
        List<FileChange> unverified = new ArrayList<>();
        List<FileChange> grouped = new ArrayList<>();
        for (var files : sorted.byPackage().values()) {
            for (FileChange c : files) {
                if (!sorted.verified().contains(c)) {
                    unverified.add(c);
                    if (!was.containsKey(key(host, c))) {
                        grouped.add(c);
                    }
                }
            }
        }
        int accepted = 0;
        for (FileChange c : sorted.verified()) {
            try {
                accepted += fim.accept(scan, c.path()); // exactly what the package shipped: the new baseline
            } catch (RuntimeException e) {
                log.warn("could not accept {} into the baseline: {}", c.path(), e.getMessage());
            }
        }
        // Only when something of it is new: a rescan within the log window must not announce it again.
        if (!sorted.verified().isEmpty() || !grouped.isEmpty()) {
            out.add(packageEvent(sorted, host, at));
        }
        for (var t : sorted.tampered()) {
            String key = key(host, t.change());
            if (!was.containsKey(key)) {
                out.add(tamperedEvent(t, host, at));
                opened(key, t.change(), "differs from package " + t.pkg());
            }
        }
        grouped.forEach(c -> opened(key(host, c), c, c.kind().id()));
        if (accepted > 0) {
            log.info("integrity: {} file(s) from package operations verified against their checksums and accepted", accepted);
        }
        List<FileChange> rest = new ArrayList<>(sorted.other());
        sorted.tampered().forEach(t -> rest.add(t.change()));
        rest.addAll(unverified); // still pending, so not closed as "accepted or reverted"
        return rest;
    }

    private void opened(String key, FileChange c, String why) {
        open.opened(new FindingStore.Open(key, "fim-" + c.kind().id(), c.path(), "medium", why, FIX, 0));
    }

    /** What identifies one pending change of this host: its open finding and its events. */
    private static String key(String host, FileChange c) {
        return Event.fingerprint("fim", host, c.path(), c.kind().id());
    }

    /** Who may become root, and how one logs in: a change there is critical wherever the tree is mounted. */
    static boolean sensitive(String p) {
        return p.contains("/etc/sudoers") || p.endsWith("/etc/passwd") || p.endsWith("/etc/shadow")
                || p.endsWith("/etc/group") || p.contains("/etc/ssh/") || p.contains("/.ssh/authorized_keys");
    }

    private static Event groupEvent(List<FileChange> fresh, String host, Instant at) {
        StringBuilder d = new StringBuilder();
        fresh.stream().limit(500).forEach(c -> d.append(c.kind().id()).append("  ").append(c.path()).append('\n'));
        return Event.of(EventKind.PROBLEM, at, host, "integrity", Severity.WARNING,
                        fresh.size() + " files changed on " + host + " (a package upgrade?)",
                        Event.fingerprint("fim-group", host, String.valueOf(at.toEpochMilli())))
                .withDetails(d.toString())
                .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                .withTags(Map.of("service", "integrity"));
    }

    /** One event for a package operation: which packages, and how many of their files changed. */
    private static Event packageEvent(PackageChanges sorted, String host, Instant at) {
        int files = sorted.byPackage().values().stream().mapToInt(List::size).sum();
        List<String> what = new ArrayList<>();
        StringBuilder d = new StringBuilder();
        for (var e : sorted.byPackage().entrySet()) {
            String op = sorted.operations().getOrDefault(e.getKey(), e.getKey());
            what.add(op);
            d.append(op).append(": ").append(e.getValue().size()).append(" files\n");
            e.getValue().stream().limit(200).forEach(c -> d.append("  ").append(c.kind().id()).append("  ").append(c.path())
                    .append(sorted.verified().contains(c) ? "  (verified, accepted)" : "").append('\n'));
        }
        String title = (what.size() == 1 ? what.get(0) : what.size() + " packages changed (" + String.join(", ", what.subList(0,
                Math.min(3, what.size()))) + (what.size() > 3 ? ", ..." : "") + ")") + ": " + files + " files on " + host;
        // Not a problem to resolve: a record of what the package manager did, for the incident and the timeline.
        return Event.of(EventKind.PACKAGE, at, host, "integrity", Severity.INFO, title,
                        Event.fingerprint("fim-package", host, String.valueOf(at.toEpochMilli())))
                .withDetails(d.toString())
                .withEvidence(List.of(EvidenceLink.integrity("review")))
                .withTags(Map.of("service", "integrity", "packages", String.join(",", sorted.byPackage().keySet())));
    }

    /** A file whose content is not what its package installed: the signal upgrade noise used to drown. */
    private static Event tamperedEvent(PackageChanges.Tampered t, String host, Instant at) {
        FileChange c = t.change();
        return Event.of(EventKind.PROBLEM, at, host, "integrity", Severity.WARNING,
                        c.path() + " differs from what package " + t.pkg() + " installed, on " + host, key(host, c))
                .withDetails("The file's content does not match the checksum in " + t.pkg()
                        + "'s md5sums: it was changed after the package put it there.\n" + (c.diff() == null ? "" : c.diff()))
                .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                .withTags(Map.of("service", "integrity", "path", c.path(), "change", "differs-from-package", "package", t.pkg()));
    }

    private static Event changeEvent(FileChange c, String host, Instant at) {
        StringBuilder d = new StringBuilder();
        if (c.before() != null) {
            d.append("before: ").append(c.before()).append('\n');
        }
        if (c.after() != null) {
            d.append("after:  ").append(c.after()).append('\n');
        }
        if (c.diff() != null) {
            d.append('\n').append(c.diff());
        }
        boolean suid = c.gainsSetuid();
        return Event.of(EventKind.PROBLEM, at, host, "integrity",
                        sensitive(c.path()) || suid ? Severity.CRITICAL : Severity.WARNING,
                        c.path() + (suid ? " gained the SUID/SGID bit" : " " + c.kind().id()) + " on " + host, key(host, c))
                .withDetails(d.toString())
                .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                .withTags(Map.of("service", "integrity", "path", c.path(), "change", c.kind().id()));
    }
}
