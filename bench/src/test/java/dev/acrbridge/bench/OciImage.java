package dev.acrbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Writes a one-layer OCI image layout (tag {@code v1}) for skopeo to push: a tar with one small file. */
final class OciImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciImage() {
    }

    /** @return the layout directory */
    static Path write(Path dir, String content) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        byte[] layer = tar("hello.txt", (content + "\n").getBytes(StandardCharsets.UTF_8));
        String layerDigest = blob(blobs, layer);
        byte[] config = JSON.writeValueAsBytes(Map.of("architecture", "amd64", "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(layerDigest)), "config", Map.of()));
        String configDigest = blob(blobs, config);
        byte[] manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", configDigest,
                        "size", config.length),
                "layers", List.of(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar",
                        "digest", layerDigest, "size", layer.length))));
        String manifestDigest = blob(blobs, manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests",
                List.of(Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", manifestDigest,
                        "size", manifest.length, "annotations", Map.of("org.opencontainers.image.ref.name", "v1"))))));
        return dir;
    }

    private static String blob(Path blobs, byte[] data) throws IOException {
        String hex;
        try {
            hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.write(blobs.resolve(hex), data);
        return "sha256:" + hex;
    }

    /** A ustar archive holding one regular file. */
    private static byte[] tar(String name, byte[] content) {
        int padded = (content.length + 511) / 512 * 512;
        byte[] out = new byte[512 + padded + 1024];
        put(out, 0, name);
        put(out, 100, "0000644");
        put(out, 108, "0000000");
        put(out, 116, "0000000");
        put(out, 124, String.format("%011o", content.length));
        put(out, 136, String.format("%011o", 1_700_000_000L));
        out[156] = '0';
        put(out, 257, "ustar");
        put(out, 263, "00");
        for (int i = 148; i < 156; i++) {
            out[i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += out[i] & 0xff;
        }
        put(out, 148, String.format("%06o", sum));
        out[154] = 0;
        System.arraycopy(content, 0, out, 512, content.length);
        return out;
    }

    private static void put(byte[] header, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}
