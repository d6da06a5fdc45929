package dev.vigil.integrity.fim;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where baselines and scans are kept (the embedded SQLite store in Vigil). A scan stages what it finds in
 * batches, each durable, and records how far it got, so an interrupted scan resumes where it stopped; the
 * comparison with the baseline is made in the store, so memory does not grow with the number of files.
 */
public interface FimStore {

    /** A scan: its id, its roots, and the last path staged (null at the start). */
    record Scan(long id, List<String> roots, String lastPath) {}

    /** An unfinished scan of exactly these roots, to resume; empty when there is none. */
    Optional<Scan> unfinished(List<String> roots);

    Scan begin(List<String> roots);

    /** Stages a batch of scanned states (durably) and moves the resume point to {@code lastPath}. */
    void stage(long scan, List<FileState> batch, String lastPath);

    void finish(long scan);

    /** Whether a path is already staged in this scan (when resuming). */
    boolean staged(long scan, String path);

    /** The baseline's record of a path (to skip re-hashing unchanged files), or empty. */
    Optional<FileState> baseline(String path);

    /** The baseline's records of many paths at once (absent ones are left out). */
    Map<String, FileState> baselines(Collection<String> paths);

    /** Whether any path under these roots has a baseline. */
    boolean hasBaseline(List<String> roots);

    /** How many paths under these roots the baseline holds (the expected size of the next scan). */
    long baselineCount(List<String> roots);

    /** The changes of a finished scan against the baseline, under its roots, in path order. */
    List<FileChange> changes(long scan, BiFunction<FileState, FileState, List<FileChange>> compare);

    /**
     * Makes a finished scan the baseline for its roots (all paths, or only {@code path} and what is below
     * it): after a planned change, its changes are accepted and no longer reported.
     */
    int accept(long scan, String path);

    /** The newest finished scan of these roots, if any. */
    Optional<Scan> latest(List<String> roots);
}
