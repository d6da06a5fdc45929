package dev.vigil.integrity.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every audit check on one walk of the audited directories. A check that fails is reported as a
 * problem with its reason; the others still run.
 */
public final class Audit {
    /** Directories walked by default: where programs, configuration and served files live. */
    public static final List<String> DEFAULT_DIRS = List.of("/etc", "/usr", "/bin", "/sbin", "/opt", "/srv", "/var/www", "/home", "/root");
    public static final List<String> DEFAULT_WEB_ROOTS = List.of("/var/www", "/srv/www", "/usr/share/nginx/html");

    private static final List<AuditCheck> CHECKS = List.of(new WorldWritable(), new WebRootOpen(), new SetuidFiles(), new UnownedFiles(),
            new PrivilegedGroups(), new Sudoers(), new RootAccounts(), new EmptyPasswords(), new SshdSettings(), new ListeningPorts());

    /** How many classes of problem an audit looks for. */
    public static final int CHECK_COUNT = CHECKS.size();

    /** The findings, and what could not be looked at. */
    public record Result(List<Finding> findings, List<String> problems) {}

    private Audit() {}

    public static Result run(AuditContext ctx) {
        List<String> problems = new ArrayList<>();
        List<FileWalk.Entry> files;
        try {
            files = FileWalk.of(ctx, problems);
        } catch (IOException e) {
            problems.add("walking the audited directories failed: " + e.getMessage());
            files = List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (AuditCheck c : CHECKS) {
            try {
                out.addAll(c.run(ctx, files));
            } catch (IOException | RuntimeException e) {
                problems.add(c.kind() + " check failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        return new Result(out, problems);
    }
}
