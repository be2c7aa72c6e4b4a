package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients push to and pull back from the real registry with the configuration our writers produced through
 * {@code acr-login login} (never the clients' own login), and get the same digest back.
 */
class ClientPushPullTest {
    private static final Pattern DOCKER_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    private final Clients clients = stack.clients();
    static Path authFile;
    static Path dockerConfig;

    @BeforeAll
    static void loginOnce() throws Exception {
        Path home = tmp.resolve("home");
        authFile = home.resolve("auth/auth.json");
        dockerConfig = home.resolve("docker");
        Run.acrLogin("login", stack.host(), "--tool", "docker,podman", "--auth-file", authFile.toString(),
                "--docker-config", dockerConfig.toString()).env(stack.env(home)).go().ok();
    }

    @Test
    void skopeoPushesAndPullsBackTheSameDigest() throws Exception {
        String layout = clients.tinyImage("skopeo", "pushed by skopeo");
        clients.skopeo("copy", "--dest-authfile", authFile.toString(), "--dest-cert-dir", stack.certDir().toString(),
                layout, "docker://" + stack.ref("app/skopeo")).go().ok();
        String pushed = clients.remoteDigest(stack.ref("app/skopeo"), authFile);

        Path back = tmp.resolve("skopeo-back");
        clients.skopeo("copy", "--src-authfile", authFile.toString(), "--src-cert-dir", stack.certDir().toString(),
                "docker://" + stack.ref("app/skopeo"), "oci:" + back + ":1").go().ok();
        String pulled = clients.skopeo("inspect", "--format", "{{.Digest}}", "oci:" + back + ":1").go().ok().out()
                .strip();
        assertEquals(pushed, pulled);
    }

    @Test
    void podmanPushesAndPullsBackTheSameDigest() throws Exception {
        String layout = clients.tinyImage("podman", "pushed by podman");
        clients.podman("pull", layout).go().ok();
        clients.podman("push", "--authfile", authFile.toString(), "--cert-dir", stack.certDir().toString(),
                "localhost/tiny:podman", "docker://" + stack.ref("app/podman")).go().ok();
        String pushed = clients.remoteDigest(stack.ref("app/podman"), authFile);
        clients.podman("rmi", "-f", "localhost/tiny:podman").go().ok();

        // REGISTRY_AUTH_FILE (not --authfile) is how later CI steps pick the file up
        clients.podman("pull", "--cert-dir", stack.certDir().toString(), stack.ref("app/podman"))
                .env("REGISTRY_AUTH_FILE", authFile.toString()).go().ok();
        String pulled = clients.podman("image", "inspect", "--format", "{{json .RepoDigests}}", stack.ref("app/podman"))
                .go().ok().out();
        assertTrue(pulled.contains(stack.host() + "/app/podman@" + pushed), pulled);
    }

    @Test
    void buildahBuildsFromScratchPushesAndPullsBackTheSameDigest() throws Exception {
        clients.tinyImage("buildah", "pushed by buildah");
        clients.buildah("push", "--authfile", authFile.toString(), "--cert-dir", stack.certDir().toString(),
                "localhost/tiny:buildah", "docker://" + stack.ref("app/buildah")).go().ok();
        String pushed = clients.remoteDigest(stack.ref("app/buildah"), authFile);
        clients.buildah("rmi", "-f", "localhost/tiny:buildah").go().ok();

        clients.buildah("pull", "--authfile", authFile.toString(), "--cert-dir", stack.certDir().toString(),
                stack.ref("app/buildah")).go().ok();
        String pulled = clients.buildah("images", "--digests", "--format", "{{.Digest}}", stack.ref("app/buildah")).go()
                .ok().out().strip().lines().findFirst().orElse("");
        assertEquals(pushed, pulled);
    }

    @Test
    void dockerPushesAndPullsBackTheSameDigestWithOurConfigAndWithDockerLogin() throws Exception {
        String layout = clients.tinyImage("docker", "pushed by docker");
        Path archive = tmp.resolve("tiny-docker.tar");
        clients.skopeo("copy", layout, "docker-archive:" + archive + ":tiny:docker").go().ok();
        try (Dockerd dockerd = new Dockerd(tmp.resolve("dockerd"), stack.host(), stack.certDir().resolve("ca.crt"))) {
            Map<String, String> config = Map.of("DOCKER_CONFIG", dockerConfig.toString());
            dockerd.docker(config, "load", "-i", archive.toString()).go().ok();
            dockerd.docker(config, "tag", "tiny:docker", stack.ref("app/docker")).go().ok();
            String pushed = digestOf(dockerd.docker(config, "push", stack.ref("app/docker")).go().ok().out());
            assertEquals(pushed, clients.remoteDigest(stack.ref("app/docker"), authFile));
            dockerd.docker(config, "rmi", stack.ref("app/docker")).go().ok();
            dockerd.docker(config, "pull", stack.ref("app/docker")).go().ok();
            String repoDigest = dockerd.docker(config, "inspect", "--format", "{{index .RepoDigests 0}}",
                    stack.ref("app/docker")).go().ok().out().strip();
            assertEquals(stack.host() + "/app/docker@" + pushed, repoDigest);

            // --docker-login: the real docker CLI logs in with the token on stdin, into another isolated config
            Path viaCli = tmp.resolve("home/docker-login");
            Run.Result login = Run.acrLogin("login", stack.host(), "--tool", "docker", "--docker-login",
                    "--docker-config", viaCli.toString()).env(stack.env(tmp.resolve("home")))
                    .env("DOCKER_HOST", "unix://" + dockerd.socket()).go().ok();
            assertTrue(login.err().contains("logged in for docker"), login.err());
            Map<String, String> second = Map.of("DOCKER_CONFIG", viaCli.toString());
            dockerd.docker(second, "tag", "tiny:docker", stack.host() + "/app/docker-login:1").go().ok();
            String pushed2 = digestOf(dockerd.docker(second, "push", stack.host() + "/app/docker-login:1").go().ok()
                    .out());
            assertEquals(pushed2, clients.remoteDigest(stack.host() + "/app/docker-login:1", authFile));

            // docker's own entry was recorded as ours: logout takes it away again
            Run.acrLogin("logout", stack.host(), "--tool", "docker", "--docker-config", viaCli.toString())
                    .env(stack.env(tmp.resolve("home"))).go().ok();
            String after = java.nio.file.Files.readString(viaCli.resolve("config.json"));
            assertTrue(!after.contains(stack.host()), after);
        }
    }

    private static String digestOf(String pushOutput) {
        Matcher m = DOCKER_DIGEST.matcher(pushOutput);
        assertTrue(m.find(), "docker push printed a digest: " + pushOutput);
        return m.group(1);
    }
}
