package dev.acrbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real containers clients (skopeo, podman, buildah) with their storage in a temp directory, so tests never depend
 * on or change the host's images, plus a tiny image built with buildah ({@code FROM scratch} + one file).
 */
final class Clients {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    final Path work;
    final Path certDir;
    private final List<String> storage;

    Clients(Path work, Path certDir) throws IOException {
        this.work = work;
        this.certDir = certDir;
        this.storage = List.of("--root", work.resolve("storage").toString(), "--runroot",
                work.resolve("runroot").toString(), "--storage-driver", "vfs");
        Files.createDirectories(work);
    }

    Run buildah(String... args) {
        return tool("buildah", storage, args);
    }

    Run podman(String... args) {
        List<String> global = new ArrayList<>(storage);
        global.addAll(List.of("--events-backend", "file", "--cgroup-manager", "cgroupfs",
                "--tmpdir", work.resolve("podman-tmp").toString()));
        return tool("podman", global, args);
    }

    Run skopeo(String... args) {
        return tool("skopeo", List.of(), args);
    }

    private Run tool(String name, List<String> global, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(name);
        cmd.addAll(global);
        cmd.addAll(List.of(args));
        return Run.of(cmd).timeout(TIMEOUT).env(Map.of("HOME", work.toString(),
                "XDG_RUNTIME_DIR", work.toString(), "TMPDIR", work.toString()));
    }

    /**
     * Builds {@code localhost/tiny:TAG} from scratch with one file and exports it as an OCI layout.
     *
     * @param tag     image tag
     * @param content file content (makes the digest unique)
     * @return the OCI layout reference {@code oci:DIR:tag}
     */
    String tinyImage(String tag, String content) throws IOException {
        Path file = Files.writeString(work.resolve("content-" + tag + ".txt"), content);
        String container = buildah("from", "--name", "tiny-" + tag, "scratch").go().ok().out().strip();
        buildah("copy", container, file.toString(), "/content.txt").go().ok();
        buildah("commit", "--rm", container, "localhost/tiny:" + tag).go().ok();
        String layout = "oci:" + work.resolve("layout-" + tag) + ":" + tag;
        buildah("push", "localhost/tiny:" + tag, layout).go().ok();
        return layout;
    }

    /** @return the manifest digest of an image in the registry, read with skopeo and the given auth file */
    String remoteDigest(String reference, Path authFile) {
        return skopeo("inspect", "--authfile", authFile.toString(), "--cert-dir", certDir.toString(),
                "--format", "{{.Digest}}", "docker://" + reference).go().ok().out().strip();
    }
}
