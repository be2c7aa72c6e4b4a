package dev.acrbridge.auth.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.EntraAuthenticationException;
import dev.acrbridge.auth.diagnostics.ThrottledException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {
    private static final String ID = "sp:tenant:client";
    private static final String HOST = "contoso.azurecr.io";
    @TempDir
    Path tmp;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    static RegistryCredential credential(String token, Instant expiresAt) {
        return new RegistryCredential(HOST, RegistryCredential.NULL_GUID, Secret.of(token), expiresAt,
                IdentityKind.SERVICE_PRINCIPAL_SECRET);
    }

    @Test
    void storesOwnerOnlyAndReadsBack() throws IOException {
        ManualClock clock = new ManualClock();
        FileCredentialStore store = new FileCredentialStore(tmp.resolve("cache/acr-login"), clock);
        store.store(ID, credential("rt-1", clock.now.plus(Duration.ofHours(3))));

        RegistryCredential read = store.fresh(ID, HOST).orElseThrow();
        assertEquals("rt-1", read.password().reveal());
        assertEquals(clock.now.plus(Duration.ofHours(3)), read.expiresAt());
        assertEquals(IdentityKind.SERVICE_PRINCIPAL_SECRET, read.identityKind());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        try (var files = Files.list(store.directory())) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
        assertTrue(store.fresh("sp:tenant:other", HOST).isEmpty(), "keyed by identity");
        assertTrue(store.fresh(ID, "other.azurecr.io").isEmpty(), "keyed by registry");
    }

    @Test
    void freshFollowsTheOneRefreshRuleOfTheInMemoryCacheToo() throws IOException {
        ManualClock clock = new ManualClock();
        FileCredentialStore store = new FileCredentialStore(tmp, clock);
        Instant start = clock.now;
        store.store(ID, credential("long", start.plus(Duration.ofHours(3))));
        clock.now = start.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(46));
        assertTrue(store.fresh(ID, HOST).isPresent());
        clock.now = start.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(44));
        assertTrue(store.fresh(ID, HOST).isEmpty(), "a 3-hour token is renewed at 3/4 of its life, as in memory");

        clock.now = start;
        store.store(ID, credential("twelve", start.plus(Duration.ofMinutes(12))));
        clock.now = start.plus(Duration.ofMinutes(6)).plusSeconds(59);
        assertTrue(store.fresh(ID, HOST).isPresent());
        clock.now = start.plus(Duration.ofMinutes(7));
        assertTrue(store.fresh(ID, HOST).isEmpty(), "5 minutes before expiry when that is earlier");

        clock.now = start;
        store.store(ID, credential("short", start.plusSeconds(20)));
        clock.now = start.plusSeconds(14);
        assertTrue(store.fresh(ID, HOST).isPresent());
        clock.now = start.plusSeconds(16);
        assertTrue(store.fresh(ID, HOST).isEmpty(), "a 20 s test token is renewed at 3/4 of its life alone");
    }

    @Test
    void freshOrFetchFetchesOnceForManyThreads() throws Exception {
        FileCredentialStore store = new FileCredentialStore(tmp, Clock.systemUTC());
        AtomicInteger fetches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RegistryCredential>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> store.freshOrFetch(ID, HOST, stillValid -> {
                fetches.incrementAndGet();
                sleep(200);
                return credential("rt-fetched", Instant.now().plus(Duration.ofHours(3)));
            })));
        }
        for (Future<RegistryCredential> r : results) {
            assertEquals("rt-fetched", r.get(30, TimeUnit.SECONDS).password().reveal());
        }
        pool.shutdown();
        assertEquals(1, fetches.get());
    }

    @Test
    void freshOrFetchFetchesOnceForManyProcesses() throws Exception {
        Path counter = tmp.resolve("fetches.log");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CacheClientProcess.class.getName(),
                    tmp.resolve("cache").toString(), "fetch", counter.toString()).inheritIO().start());
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "cache client finished");
            assertEquals(0, process.exitValue());
        }
        assertEquals(1, Files.readAllLines(counter).size(), "one exchange for four parallel helpers");
    }

    @Test
    void theReadPathLoadsNoAzureIdentityNorJackson() throws Exception {
        FileCredentialStore store = new FileCredentialStore(tmp.resolve("cache"), Clock.systemUTC());
        store.store(ID, credential("rt-1", Instant.now().plus(Duration.ofHours(3))));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), CacheClientProcess.class.getName(),
                tmp.resolve("cache").toString(), "read", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.acrbridge.auth.cache.FileCredentialStore"), "class loading was traced");
        assertTrue(out.contains("HIT"), "read the stored credential");
        for (String forbidden : List.of("com.azure.", "com.microsoft.aad.", "com.fasterxml.", "reactor.")) {
            assertFalse(out.contains(forbidden), "loaded " + forbidden + " on the read path");
        }
    }

    @Test
    void aDirectoryOthersCanReadIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        FileCredentialStore store = new FileCredentialStore(dir, Clock.systemUTC());
        IOException e = assertThrows(IOException.class,
                () -> store.store(ID, credential("rt", Instant.now().plusSeconds(3600))));
        assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
        assertTrue(e.getMessage().contains(FileCredentialStore.DIR_VARIABLE), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void damagedOrExpiredEntriesAreMissesAndListingShowsNoSecret() throws IOException {
        ManualClock clock = new ManualClock();
        FileCredentialStore store = new FileCredentialStore(tmp, clock);
        store.store(ID, credential("rt-live", clock.now.plusSeconds(3600)));
        store.store("sp:t:expired", new RegistryCredential("old.azurecr.io", RegistryCredential.NULL_GUID,
                Secret.of("rt-old"), clock.now.minusSeconds(1), IdentityKind.MANAGED_IDENTITY));
        store.store("no-expiry", new RegistryCredential("admin.azurecr.io", "admin", Secret.of("pw"), null,
                IdentityKind.ADMIN_USER));

        List<FileCredentialStore.Entry> entries = store.list();
        assertEquals(1, entries.size());
        assertEquals(HOST, entries.get(0).loginServer());
        assertFalse(entries.toString().contains("rt-live"));

        try (var files = Files.list(tmp)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".credential")).toList()) {
                Files.writeString(f, "garbage=\\u12");
            }
        }
        assertTrue(store.fresh(ID, HOST).isEmpty(), "a damaged entry is a miss");
        assertTrue(store.list().isEmpty());
    }

    @Test
    void defaultDirectoryFollowsTheOverrideThenXdgThenHome() {
        assertEquals(Path.of("/c"), FileCredentialStore.defaultDirectory(Map.of("ACR_LOGIN_CACHE_DIR", "/c")));
        assertEquals(Path.of("/x/acr-login"), FileCredentialStore.defaultDirectory(Map.of("XDG_CACHE_HOME", "/x",
                "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/acr-login"), FileCredentialStore.defaultDirectory(Map.of("HOME", "/h")));
    }

    @Test
    void aRefusalIsFetchedOnceAndSharedWithEveryWaiterAndLaterArrivalForThirtySeconds() throws Exception {
        ManualClock clock = new ManualClock();
        FileCredentialStore store = new FileCredentialStore(tmp, clock);
        AtomicInteger fetches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> store.freshOrFetch(ID, HOST, stillValid -> {
                fetches.incrementAndGet();
                sleep(300);
                throw new EntraAuthenticationException("Entra refused a token: AADSTS7000215, invalid secret.",
                        "copy the secret's Value", 7000215, false, null);
            })));
        }
        for (Future<?> r : results) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("AADSTS7000215"), e.getCause().getMessage());
        }
        pool.shutdown();
        assertEquals(1, fetches.get(), "one attempt, its refusal shared with the 15 that waited");

        clock.now = clock.now.plusSeconds(29);
        AcrAuthException late = assertThrows(AcrAuthException.class,
                () -> store.freshOrFetch(ID, HOST, stillValid -> { fetches.incrementAndGet(); return null; }));
        assertTrue(late.getMessage().contains("answers it without asking again until"), late.getMessage());
        assertFalse(late.isTransient());
        assertEquals(1, fetches.get(), "still remembered after 29 s");

        clock.now = clock.now.plusSeconds(2);
        RegistryCredential fixed = store.freshOrFetch(ID, HOST, stillValid -> {
            fetches.incrementAndGet();
            return credential("rt-after-fix", clock.now.plus(Duration.ofHours(3)));
        });
        assertEquals("rt-after-fix", fixed.password().reveal());
        assertEquals(2, fetches.get(), "after 30 s the next caller tries again");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".failure")), "a success clears the failure");
        }
    }

    @Test
    void throttlingBacksOffUntilRetryAfterAndServesTheStillValidCredentialMeanwhile() throws Exception {
        ManualClock clock = new ManualClock();
        FileCredentialStore store = new FileCredentialStore(tmp, clock);
        // stored 3 h ago, 2 minutes left: due for renewal (5 minutes before expiry), still valid
        clock.now = clock.now.minus(Duration.ofHours(3));
        Instant expiry = clock.now.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(2));
        store.store(ID, credential("rt-still-valid", expiry));
        clock.now = clock.now.plus(Duration.ofHours(3));
        AtomicInteger fetches = new AtomicInteger();
        List<Boolean> stillValidSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FileCredentialStore.Fetch throttled = stillValid -> {
            fetches.incrementAndGet();
            stillValidSeen.add(stillValid);
            throw new ThrottledException("The registry is throttling requests.", "retry later",
                    Duration.ofSeconds(20));
        };
        for (int i = 0; i < 5; i++) {
            assertEquals("rt-still-valid", store.freshOrFetch(ID, HOST, throttled).password().reveal());
        }
        assertEquals(1, fetches.get(), "one attempt for everyone during the Retry-After");
        assertEquals(List.of(true), stillValidSeen, "the fetch knew a still-valid credential was held");
        clock.now = clock.now.plusSeconds(21);
        assertEquals("rt-still-valid", store.freshOrFetch(ID, HOST, throttled).password().reveal());
        assertEquals(2, fetches.get(), "tried again once Retry-After had passed");

        clock.now = expiry.plusSeconds(1); // expired: nothing left to serve, throttling fails the caller
        AcrAuthException e = assertThrows(AcrAuthException.class, () -> store.freshOrFetch(ID, HOST, throttled));
        assertTrue(e.isTransient());
        assertEquals(3, fetches.get());
        assertEquals(List.of(true, true, false), stillValidSeen, "without a valid credential the fetch may retry");
    }

    @Test
    void anOutageBacksOffFiveSecondsAtLeastAndRetryAfterIsHonouredUpToFiveMinutes() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        SharedFailure outage = SharedFailure.of(new AcrAuthException("503", null, true, null), now);
        assertEquals(now.plusSeconds(5), outage.until());
        SharedFailure longHint = SharedFailure.of(new EntraAuthenticationException("429", null, null, true, null,
                Duration.ofHours(1)), now);
        assertEquals(now.plus(Duration.ofMinutes(5)), longHint.until());
        SharedFailure shortHint = SharedFailure.of(new ThrottledException("429", null, Duration.ofSeconds(1)), now);
        assertEquals(now.plusSeconds(5), shortHint.until(), "what is left after the retries backs off 5 s at least");
        SharedFailure refusal = SharedFailure.of(new AcrAuthException("401", null, false, null), now);
        assertEquals(now.plusSeconds(30), refusal.until());
    }

    @Test
    void whileAnotherProcessRenewsTheStillValidCredentialIsServedWithoutWaiting() throws Exception {
        FileCredentialStore store = new FileCredentialStore(tmp, Clock.systemUTC());
        // a 20-minute token stored 18 minutes ago: due (5 minutes or a quarter of its life), 2 minutes left
        FileCredentialStore past = new FileCredentialStore(tmp, Clock.offset(Clock.systemUTC(),
                Duration.ofMinutes(-18)));
        past.store(ID, credential("rt-due", Instant.now().plus(Duration.ofMinutes(2))));
        java.util.concurrent.CountDownLatch renewing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<RegistryCredential> renewer = pool.submit(() -> store.freshOrFetch(ID, HOST, stillValid -> {
            renewing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return credential("rt-renewed", Instant.now().plus(Duration.ofHours(3)));
        }));
        assertTrue(renewing.await(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertEquals("rt-due", store.freshOrFetch(ID, HOST, stillValid -> {
            throw new AssertionError("a second renewal");
        }).password().reveal());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "answered without waiting for the renewal");
        release.countDown();
        assertEquals("rt-renewed", renewer.get(30, TimeUnit.SECONDS).password().reveal());
        pool.shutdown();
        assertEquals("rt-renewed", store.fresh(ID, HOST).orElseThrow().password().reveal());
    }

    @Test
    void aCacheThatCannotBeWrittenFailsBeforeAnythingIsFetched() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
        FileCredentialStore store = new FileCredentialStore(file.resolve("acr-login"), Clock.systemUTC());
        AtomicInteger fetches = new AtomicInteger();
        assertThrows(IOException.class, () -> store.freshOrFetch(ID, HOST, stillValid -> {
            fetches.incrementAndGet();
            return credential("rt", Instant.now().plusSeconds(3600));
        }));
        assertEquals(0, fetches.get(), "the caller can fetch once, uncached, instead");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
