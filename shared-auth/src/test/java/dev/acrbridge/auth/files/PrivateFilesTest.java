package dev.acrbridge.auth.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theNextWriteRemovesOurTempFilesAKilledWriterLeftMinutesAgoAndNothingElse() throws Exception {
        Path stale = Files.writeString(tmp.resolve(".config.json8213371234.tmp"), "half a secret");
        Path staleOther = Files.writeString(tmp.resolve(".cache-a1.credential42.tmp"), "half");
        Path recent = Files.writeString(tmp.resolve(".config.json991.tmp"), "a write in progress");
        Path notOurs = Files.writeString(tmp.resolve(".editor-swap.tmp"), "someone else's");
        Path plain = Files.writeString(tmp.resolve("notes.tmp"), "someone else's");
        FileTime old = FileTime.from(Instant.now().minus(PrivateFiles.STALE_TEMP_AGE).minus(Duration.ofSeconds(5)));
        for (Path p : List.of(stale, staleOther, notOurs, plain)) {
            Files.setLastModifiedTime(p, old);
        }

        PrivateFiles.writeAtomically(tmp.resolve("config.json"), "{}".getBytes(StandardCharsets.UTF_8));

        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleOther), "any file of ours, not only the one written");
        assertTrue(Files.exists(recent), "a temp file younger than " + PrivateFiles.STALE_TEMP_AGE + " may be live");
        assertTrue(Files.exists(notOurs), "no random digits before .tmp: not our naming");
        assertTrue(Files.exists(plain));
        assertEquals("{}", Files.readString(tmp.resolve("config.json")));
    }

    @Test
    void tryWithLockGivesUpAtOnceWhileTheLockIsHeld() throws Exception {
        Path file = tmp.resolve("entry");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<String> holder = pool.submit(() -> PrivateFiles.withLock(file, () -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "holder";
        }));
        assertTrue(held.await(30, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), PrivateFiles.tryWithLock(file, () -> "second"));
        release.countDown();
        assertEquals("holder", holder.get(30, TimeUnit.SECONDS));
        assertEquals(Optional.of("free"), PrivateFiles.tryWithLock(file, () -> "free"));
        pool.shutdown();
    }
}
