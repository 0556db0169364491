package dev.externalfiles.watcher.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.externalfiles.watcher.fs.FileStat;

class KnownFilesTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void confirmedHashesSurviveAReopen() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.confirm("s3/x/a.csv", known(A, 1)).get(5, TimeUnit.SECONDS);
            store.confirm("s3/x/b.csv", known(B, 2)).get(5, TimeUnit.SECONDS);
            store.confirm("s3/x/a.csv", known(B, 3)).get(5, TimeUnit.SECONDS);
            store.forget("s3/x/b.csv").get(5, TimeUnit.SECONDS);
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            assertThat(store.keys()).containsExactly("s3/x/a.csv");
            assertThat(store.get("s3/x/a.csv")).contains(known(B, 3));
        }
    }

    @Test
    void aScanForgetsOnlyWhatIsStillAsItFoundIt() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.confirm("s3/x/restored.csv", known(A, 1)).get(5, TimeUnit.SECONDS);
            store.confirm("s3/x/gone.csv", known(B, 2)).get(5, TimeUnit.SECONDS);
            try (KnownFiles.Scan scan = store.scanning("s3/x/")) {
                assertThat(scan.knownAtStart()).containsExactlyInAnyOrder("s3/x/restored.csv", "s3/x/gone.csv");
                // While the scan walks, a restore stores restored.csv anew (a new inode, the same bytes or others).
                store.confirm("s3/x/restored.csv", known(A, 3)).get(5, TimeUnit.SECONDS);
                store.forgetUnlessTouched("s3/x/restored.csv", scan).get(5, TimeUnit.SECONDS);
                store.forgetUnlessTouched("s3/x/gone.csv", scan).get(5, TimeUnit.SECONDS);
            }
            assertThat(store.get("s3/x/restored.csv")).contains(known(A, 3));
            assertThat(store.get("s3/x/gone.csv")).isEmpty();
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            assertThat(store.keys()).containsExactly("s3/x/restored.csv");
        }
    }

    /**
     * The race e2e StoryIT hit after a kernel restart: the restore recorded the hash before the
     * scan began, the scan listed the folder before the rename, and the hash was the same as the
     * scan's snapshot. The rename that ends the store happened while the scan ran: it is kept.
     */
    @Test
    void aFileStoredBeforeTheScanButRenamedWhileItWalkedIsKept() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            KnownFiles.Storing marked = store.storing("s3/x/restored.csv");
            store.confirm("s3/x/restored.csv", known(A, 3)).get(5, TimeUnit.SECONDS);
            try (KnownFiles.Scan scan = store.scanning("s3/x/")) {
                // the walk lists the folder: restored.csv is not there yet; then the rename, and the store ends
                marked.close();
                store.forgetUnlessTouched("s3/x/restored.csv", scan).get(5, TimeUnit.SECONDS);
            }
            assertThat(store.get("s3/x/restored.csv")).contains(known(A, 3));
            try (KnownFiles.Scan later = store.scanning("s3/x/")) {
                store.forgetUnlessTouched("s3/x/restored.csv", later).get(5, TimeUnit.SECONDS);
            }
            assertThat(store.get("s3/x/restored.csv")).as("a later scan that does not find it forgets it").isEmpty();
        }
    }

    @Test
    void theJournalAloneIsEnoughAfterACrash() throws Exception {
        KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000);
        store.confirm("s3/x/a.csv", known(A, 1)).get(5, TimeUnit.SECONDS);
        // No close: the snapshot is the one of the start; the fsynced journal carries the change.
        try (KnownFiles reopened = reopenAfterCrash(store)) {
            assertThat(reopened.get("s3/x/a.csv")).contains(known(A, 1));
        }
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000);
        store.confirm("s3/x/a.csv", known(A, 1)).get(5, TimeUnit.SECONDS);
        Path journal;
        try (var files = Files.list(dir)) {
            journal = files.filter(p -> p.getFileName().toString().startsWith("known-files.journal.")).findFirst().orElseThrow();
        }
        String line = KnownFiles.encode(new KnownFiles.Line("s3/x/b.csv", B, 1L, 1L, 1L, null));
        Files.writeString(journal, line.substring(0, line.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (KnownFiles reopened = reopenAfterCrash(store)) {
            assertThat(reopened.keys()).containsExactly("s3/x/a.csv");
        }
    }

    @Test
    void aDamagedLineIsRecognisedByItsChecksum() {
        String line = KnownFiles.encode(new KnownFiles.Line("s3/x/a.csv", A, 1L, 1L, 1L, null)).trim();
        assertThat(KnownFiles.decode(line, KnownFiles.Line.class)).isNotNull();
        assertThat(KnownFiles.decode(line.replace("\"s\":1", "\"s\":7"), KnownFiles.Line.class)).isNull();
        assertThat(KnownFiles.decode("garbage", KnownFiles.Line.class)).isNull();
    }

    @Test
    void theStoreOfAnotherKernelIsNotTrusted() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.confirm("s3/x/a.csv", known(A, 1)).get(5, TimeUnit.SECONDS);
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-2", 1000)) {
            assertThat(store.keys()).isEmpty();
        }
    }

    @Test
    void anAbandonedProposalFallsBackToTheConfirmedHash() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.confirm("k", known(A, 1)).get(5, TimeUnit.SECONDS);
            store.propose("k", known(B, 2));
            assertThat(store.get("k")).contains(known(B, 2));
            store.abandon("k", B);
            assertThat(store.get("k")).contains(known(A, 1));
            store.propose("new", known(B, 2));
            store.abandon("new", B);
            assertThat(store.get("new")).isEmpty();
        }
    }

    @Test
    void anOlderAcknowledgementDoesNotHideANewerProposal() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.propose("k", known(A, 1));
            store.propose("k", known(B, 2));
            store.acknowledge("k", known(A, 1)).get(5, TimeUnit.SECONDS);
            assertThat(store.get("k")).contains(known(B, 2));
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            assertThat(store.get("k")).contains(known(A, 1));
        }
    }

    @Test
    void aLateAcknowledgementDoesNotUndoAFileStoredMeanwhile() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.propose("k", known(A, 1));
            store.confirm("k", known(B, 2)).get(5, TimeUnit.SECONDS); // stored by the file API
            store.acknowledge("k", known(A, 1)).get(5, TimeUnit.SECONDS);
            assertThat(store.get("k")).contains(known(B, 2));
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            assertThat(store.get("k")).contains(known(B, 2));
        }
    }

    @Test
    void aFileBeingStoredIsNotForgottenBeforeItAppears() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            try (KnownFiles.Storing marked = store.storing("k")) {
                store.confirm("k", known(A, 1)).get(5, TimeUnit.SECONDS);
                store.forget("k").get(5, TimeUnit.SECONDS); // a scan that did not see it yet
                assertThat(store.get("k")).contains(known(A, 1));
            }
            store.forget("k").get(5, TimeUnit.SECONDS);
            assertThat(store.get("k")).isEmpty();
        }
    }

    @Test
    void aProposalIsNeverWrittenToDisk() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            store.propose("k", known(A, 1));
            store.refresh("k", known(A, 5));
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 1000)) {
            assertThat(store.keys()).isEmpty();
        }
    }

    @Test
    void theJournalIsFoldedIntoTheSnapshot() throws Exception {
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 10)) {
            for (int i = 0; i < 95; i++) {
                store.confirm("file-" + (i % 30), known(i % 2 == 0 ? A : B, i)).get(5, TimeUnit.SECONDS);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("known-files.journal."))).hasSize(1);
            }
        }
        try (KnownFiles store = KnownFiles.open(dir, "kernel-1", 10)) {
            assertThat(store.keys()).hasSize(30);
            assertThat(store.get("file-4")).contains(known(A, 94));
        }
    }

    @Test
    void oneAgentAtATimeUsesTheDirectory() throws Exception {
        Path other = Files.createDirectories(dir.resolve("shared"));
        try (KnownFiles store = KnownFiles.open(other, "kernel-1", 1000)) {
            assertThatThrownBy(() -> KnownFiles.open(other, "kernel-1", 1000)).isInstanceOfAny(
                    IllegalStateException.class, java.nio.channels.OverlappingFileLockException.class);
        }
    }

    /** Drops a store without closing it, as a crash would, and opens the directory again. */
    private KnownFiles reopenAfterCrash(KnownFiles crashed) throws Exception {
        // Releasing the lock is all a crash leaves behind that a test must undo.
        var lock = KnownFiles.class.getDeclaredField("lockChannel");
        lock.setAccessible(true);
        ((java.nio.channels.FileChannel) lock.get(crashed)).close();
        return KnownFiles.open(dir, "kernel-1", 1000);
    }

    private static Known known(String sha, long n) {
        return new Known(sha, new FileStat(n, n * 1000, n));
    }
}
