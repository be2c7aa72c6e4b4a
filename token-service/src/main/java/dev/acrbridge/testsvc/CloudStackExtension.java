package dev.acrbridge.testsvc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link CloudStack} for one test class, as a JUnit 5 extension: declared
 * {@code @RegisterExtension static final CloudStackExtension cloud = new CloudStackExtension();} it starts before the
 * class's own {@code @BeforeAll} and is closed after its {@code @AfterAll}, so a test class holds no start and stop
 * code of its own. {@link #helm()} is the real helm, and {@link #work()} a scratch directory, both living as long
 * as the stack. Subclasses add what their tests need on top of a started stack ({@link #started}).
 */
public class CloudStackExtension implements BeforeAllCallback, AfterAllCallback {
    private CloudStack stack;
    private Path work;
    private Helm helm;

    @Override
    public final void beforeAll(ExtensionContext context) throws IOException {
        stack = CloudStack.start();
        // a short name: podman refuses a --runroot longer than 50 characters (clients keep theirs in here)
        work = Files.createTempDirectory("stack");
        started(stack);
    }

    /**
     * Called once the stack runs, before the test class's own {@code @BeforeAll}.
     *
     * @param stack the started stack
     */
    protected void started(CloudStack stack) {
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        try {
            if (stack != null) { // null when the start failed: JUnit still runs the after-all callbacks
                stack.close();
            }
        } finally {
            TempDirs.deleteRecursively(work);
            stack = null;
            work = null;
            helm = null;
        }
    }

    /** @return the running stack */
    public CloudStack stack() {
        if (stack == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " runs only as a static @RegisterExtension field");
        }
        return stack;
    }

    /** @return the token service */
    public LocalAzure svc() {
        return stack().svc();
    }

    /** @return the registry behind it */
    public RegistryStack registry() {
        return stack().registry();
    }

    /** @return the registry's login server {@code 127.0.0.1:PORT} */
    public String host() {
        return stack().host();
    }

    /** @return a private directory that lives as long as the stack (scratch space of the class's clients) */
    public Path work() {
        stack();
        return work;
    }

    /** @return the real helm (pinned version, else an error), made on first use, one for the test class */
    public Helm helm() {
        if (helm == null) {
            helm = new Helm(work().resolve("helm"));
        }
        return helm;
    }
}
