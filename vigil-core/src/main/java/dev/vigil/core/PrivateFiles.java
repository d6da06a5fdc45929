package dev.vigil.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Vigil's data is for Vigil's user only: the database holds password hashes, token hashes and the key that
 * signs acknowledgement links, and the log index holds whatever the logs said. Folders are made 0700 and
 * files 0600; ones found looser (made by an older version, or by hand) are tightened, and the caller is told
 * so it can warn. No-ops where the file system has no POSIX permissions.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents) 0700, or tightens it; true if it had to be tightened. */
    public static boolean directory(Path dir) throws IOException {
        if (!posix()) {
            Files.createDirectories(dir);
            return false;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            Files.setPosixFilePermissions(dir, DIRECTORY); // the umask may have taken bits away from the request
            return false;
        }
        return tighten(dir, DIRECTORY);
    }

    /** Creates {@code file} empty and 0600 if absent, or tightens it; true if it had to be tightened. */
    public static boolean file(Path file) throws IOException {
        if (!posix()) {
            return false;
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: tightened below
            }
            tighten(file, FILE); // new: nothing was exposed, so nothing to warn about
            return false;
        }
        return tighten(file, FILE);
    }

    /** Tightens {@code file} if it exists; true if it had to be. */
    public static boolean ifExists(Path file) throws IOException {
        return Files.exists(file) && tighten(file, Files.isDirectory(file) ? DIRECTORY : FILE);
    }

    private static boolean tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
        if (now.equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(p, wanted);
        return true;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
