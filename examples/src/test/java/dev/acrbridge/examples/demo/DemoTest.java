package dev.acrbridge.examples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command, run as CI runs it: every step must succeed against the real stack. */
class DemoTest {

    @Test
    void demoPushesWithBothIdentitiesAndReportsTheMissingRole() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Demo.run(Path.of("..", "github-action", "target", "acr-login.jar"),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("logged in for podman as service principal (secret)"), out);
        assertTrue(out.contains("logged in for docker as workload identity"), out);
        assertTrue(out.contains("pushed 127.0.0.1:"), out);
        assertTrue(Pattern.compile("wi: digest: sha256:[0-9a-f]{64}").matcher(out).find(), out);
        assertTrue(out.contains("logged in for helm as service principal (secret)"), out);
        assertTrue(Pattern.compile("pushed 127\\.0\\.0\\.1:\\d+/charts/demo-chart:0\\.1\\.0 sha256:[0-9a-f]{64}\n"
                + "\\s+pulled it back: same digest, same archive").matcher(out).find(), out);
        assertTrue(out.contains("MISSING repository:other/app:push"), out);
        assertTrue(out.contains("Container Registry Repository Writer"), out);
        assertTrue(out.contains("OK      repository:demo/hello:pull,push"), out);
        assertTrue(out.contains("Demo finished"), out);
    }
}
