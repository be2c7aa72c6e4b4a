package dev.acrbridge.auth.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owner-only files written atomically under a lock that holds across threads and processes. Access is restricted
 * before any content is written ({@link OwnerOnlyAccess}: POSIX modes at creation, else an owner-only ACL), so a
 * secret never sits in a file others can read, and content appears all at once (temp file in the same directory,
 * then an atomic rename), so a reader never sees half a file.
 */
public final class PrivateFiles {
    // FileChannel locks belong to the JVM, not the thread: threads of one process queue on this first.
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private PrivateFiles() {
    }

    /** An action run while a file's lock is held. */
    @FunctionalInterface
    public interface LockedAction<T> {
        /** @return the action's result */
        T run() throws IOException;
    }

    /**
     * Creates a directory and its missing parents; every directory created here is owner-only (0700) from the start.
     *
     * @param dir the directory
     * @throws IOException when it cannot be created
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            OwnerOnlyAccess.createDirectory(absolute);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
    }

    /**
     * Replaces a file's content atomically with an owner-only (0600) file; creates missing directories (0700).
     *
     * @param file    the target
     * @param content the new content
     * @throws IOException when writing fails; the old content is then untouched
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        createPrivateDirectories(target.getParent());
        Path temp = OwnerOnlyAccess.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Runs an action while holding the exclusive lock of a file: an in-process lock, then an OS lock on the sidecar
     * {@code .<name>.lock} (the file itself is replaced by renames, so it cannot carry the lock).
     *
     * @param file   the file whose updates are serialized
     * @param action read-modify-write of the file
     * @param <T>    result type
     * @return the action's result
     * @throws IOException from the action or the lock
     */
    public static <T> T withLock(Path file, LockedAction<T> action) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        createPrivateDirectories(target.getParent());
        Path lockFile = lockFileOf(target);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = openLockFile(lockFile)) {
            FileLock lock = channel.lock();
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * @param file a file updated through {@link #withLock}
     * @return the sidecar lock file of that file
     */
    public static Path lockFileOf(Path file) {
        Path target = file.toAbsolutePath().normalize();
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        try {
            OwnerOnlyAccess.createFile(lockFile);
        } catch (FileAlreadyExistsException exists) {
            // another writer made it first; locking works the same
        }
        return FileChannel.open(lockFile, StandardOpenOption.WRITE);
    }
}
