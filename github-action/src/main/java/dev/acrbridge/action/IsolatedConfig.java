package dev.acrbridge.action;

import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.login.IsolatedClientDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * The job-private directory under {@code RUNNER_TEMP} that holds every credential the action writes: docker's
 * {@code DOCKER_CONFIG}, the containers auth file, helm's registry config and the credential helper's settings. The
 * post step deletes it, so credentials do not outlive the job on self-hosted runners, and the user's own
 * {@code ~/.docker} is never written.
 */
final class IsolatedConfig {
    /** Name of the state entry (GITHUB_STATE) that tells the post step which directory to remove. */
    static final String STATE_NAME = "acr_login_dir";
    private static final String MARKER = ".acr-login-isolated";
    private static final String PREFIX = "acr-login-";

    private final Path root;

    private IsolatedConfig(Path root) {
        this.root = root;
    }

    /**
     * @param runnerTemp the job's RUNNER_TEMP
     * @return a new, empty 0700 directory carrying a marker so cleanup can recognise it
     * @throws IOException when it cannot be created
     */
    static IsolatedConfig create(Path runnerTemp) throws IOException {
        Path root = runnerTemp.toAbsolutePath().normalize().resolve(PREFIX + UUID.randomUUID());
        PrivateFiles.createPrivateDirectories(root);
        PrivateFiles.writeAtomically(root.resolve(MARKER), "created by acr-login\n".getBytes(StandardCharsets.UTF_8));
        return new IsolatedConfig(root);
    }

    Path root() {
        return root;
    }

    /** @return the client configurations inside (docker, containers, helm), laid out as shared-auth lays them out */
    IsolatedClientDirectory clients() {
        return new IsolatedClientDirectory(root);
    }

    /** @return where the credential helper caches registry tokens between requests */
    Path cacheDir() {
        return root.resolve("cache");
    }

    /** @return the directory put on PATH in credential-helper mode */
    Path binDir() {
        return root.resolve("bin");
    }

    /**
     * @param name    file name inside the directory
     * @param content its content (may be secret)
     * @return the 0600 file
     * @throws IOException when it cannot be written
     */
    Path writePrivate(String name, byte[] content) throws IOException {
        Path file = root.resolve(name);
        PrivateFiles.writeAtomically(file, content);
        return file;
    }

    /** Deletes this directory; see {@link #remove(Path, Path)}. */
    void delete() throws IOException {
        removeTree(root);
    }

    /**
     * Removes a directory made by {@link #create}, refusing anything that is not a marked child of RUNNER_TEMP (the
     * path comes from state a later step could have tampered with). Symbolic links inside (docker contexts) are
     * removed as links; their targets are not touched.
     *
     * @param dir        the directory from the state
     * @param runnerTemp the job's RUNNER_TEMP
     * @return true when it was removed, false when it was already gone
     * @throws IOException when it is not ours or cannot be removed
     */
    static boolean remove(Path dir, Path runnerTemp) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path temp = runnerTemp.toAbsolutePath().normalize();
        if (!target.startsWith(temp) || !target.getParent().equals(temp)
                || !target.getFileName().toString().startsWith(PREFIX)) {
            throw new IOException("refusing to remove " + target + ": not a directory acr-login created in RUNNER_TEMP "
                    + temp);
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(target.resolve(MARKER))) {
            throw new IOException("refusing to remove " + target + ": it lacks the acr-login marker file");
        }
        removeTree(target);
        return true;
    }

    private static void removeTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
