package dev.acrbridge.testsvc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a one-layer OCI image layout (a real tar layer with one file) that skopeo, podman and buildah can push
 * ({@code oci:DIR:TAG}), so tests need no image from anywhere else.
 */
public final class OciLayout {
    private OciLayout() {
    }

    /**
     * Writes the layout into {@code dir} under tag {@code tag}.
     *
     * @param dir      the layout directory (created when missing)
     * @param tag      the reference name inside the layout
     * @param fileName the one file in the layer
     * @param content  its bytes
     * @return the manifest digest ({@code sha256:...}), the digest a registry reports after the push
     * @throws IOException when the layout cannot be written
     */
    public static String write(Path dir, String tag, String fileName, byte[] content) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] tar = tar(fileName, content);
        // gzip, so skopeo pushes the layer as is and the manifest (and its digest) stays byte-identical
        byte[] layer = gzip(tar);
        String layerDigest = blob(blobs, layer);
        byte[] config = Jwts.json(Map.of("architecture", "amd64", "os", "linux", "config", Map.of(),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of("sha256:" + sha256(tar)))));
        String configDigest = blob(blobs, config);
        byte[] manifest = Jwts.json(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", configDigest,
                        "size", config.length),
                "layers", List.of(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest", layerDigest, "size", layer.length))));
        String manifestDigest = blob(blobs, manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(dir.resolve("index.json"), Jwts.json(Map.of("schemaVersion", 2, "manifests", List.of(Map.of(
                "mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", manifestDigest,
                "size", manifest.length, "annotations", Map.of("org.opencontainers.image.ref.name", tag))))));
        return manifestDigest;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static String blob(Path blobs, byte[] data) throws IOException {
        String hex = sha256(data);
        Files.write(blobs.resolve(hex), data);
        return "sha256:" + hex;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ustar archive with one regular file. */
    static byte[] tar(String name, byte[] content) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, String.format("%011o", 1_700_000_000L));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
