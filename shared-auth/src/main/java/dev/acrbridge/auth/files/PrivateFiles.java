package dev.acrbridge.auth.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Owner-only files written atomically under a lock that holds across threads and processes. Access is restricted
 * before any content is written ({@link OwnerOnlyAccess}: POSIX modes at creation, else an owner-only ACL), so a
 * secret never sits in a file others can read, and content appears all at once (temp file in the same directory,
 * then an atomic rename), so a reader never sees half a file.
 */
public final class PrivateFiles {
    /**
     * A temp file of ours ({@code .NAME<random digits>.tmp}) older than this was left by a killed writer: the next
     * write into its directory removes it. A live write takes milliseconds; minutes leave room for a slow disk.
     */
    public static final Duration STALE_TEMP_AGE = Duration.ofMinutes(5);
    private static final Pattern OUR_TEMP = Pattern.compile("\\..+[0-9]+\\.tmp");
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
        removeStaleTemps(target.getParent());
    }

    /**
     * Removes temp files of ours that a killed writer left in a directory (named {@code .NAME<digits>.tmp}, regular
     * files, older than {@link #STALE_TEMP_AGE}); anything else, and anything it cannot remove, is left alone.
     *
     * @param dir the directory
     * @return how many were removed
     */
    public static int removeStaleTemps(Path dir) {
        int removed = 0;
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path temp : temps) {
                if (!OUR_TEMP.matcher(temp.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes attrs = Files.readAttributes(temp, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(temp)) {
                        removed++;
                    }
                } catch (IOException gone) {
                    // removed by a parallel writer, or not ours to remove
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException unreadable) {
            // cleaning up is a courtesy: the write itself succeeded
        }
        return removed;
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
     * Like {@link #withLock}, but only if the lock is free right now (in this process and across processes).
     *
     * @param file   the file whose updates are serialized
     * @param action read-modify-write of the file
     * @param <T>    result type
     * @return the action's result, or empty when another thread or process holds the lock
     * @throws IOException from the action or the lock
     */
    public static <T> java.util.Optional<T> tryWithLock(Path file, LockedAction<T> action) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        createPrivateDirectories(target.getParent());
        Path lockFile = lockFileOf(target);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        if (!local.tryLock()) {
            return java.util.Optional.empty();
        }
        try (FileChannel channel = openLockFile(lockFile)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.ofNullable(action.run());
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
