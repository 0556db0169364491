package dev.externalfiles.watcher.watch;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.FileChanged;
import dev.externalfiles.watcher.config.KernelConfig;
import dev.externalfiles.watcher.config.WatchConfig;
import dev.externalfiles.watcher.fs.FileStat;
import dev.externalfiles.watcher.fs.OpenFile;
import dev.externalfiles.watcher.fs.Refused;
import dev.externalfiles.watcher.fs.Sha256;
import dev.externalfiles.watcher.publish.FileChangedPublisher;
import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.service.ProjectFiles;
import dev.externalfiles.watcher.state.Known;
import dev.externalfiles.watcher.state.KnownFiles;

/**
 * Decides when a changed file is finished and publishes it once: right after its writer closed
 * it, or, for a writer that keeps it open and for changes found by a scan, once it stayed
 * unchanged for a quiet period. The hash is computed streaming; a file that changes while it is
 * hashed is not published (the next close or quiet period will be); a hash equal to the one the
 * agent knows (imported, restored, already exported) publishes nothing.
 * <p>
 * One file is never handled by two threads at once: each has a small state under its key, only
 * changed inside {@link ConcurrentHashMap#compute}, and dropped when idle.
 */
@ApplicationScoped
public class ChangeSettler {

    private static final Logger LOG = Logger.getLogger(ChangeSettler.class);

    /** Why a file is looked at; a stronger one wins when two are pending. */
    enum Trigger {
        /** Found by a scan: publish if stable for the quiet period. */
        SCAN,
        /** Written and not closed, no event for the open-file quiet period. */
        QUIET,
        /** Closed by its writer, or moved into place: publish now. */
        CLOSED
    }

    private final WatchConfig config;
    private final KernelConfig kernel;
    private final Folders folders;
    private final ProjectFiles files;
    private final KnownFiles known;
    private final FileChangedPublisher publisher;
    private final ConcurrentHashMap<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger published = new AtomicInteger();

    public ChangeSettler(WatchConfig config, KernelConfig kernel, Folders folders, ProjectFiles files, KnownFiles known,
            FileChangedPublisher publisher) {
        this.config = config;
        this.kernel = kernel;
        this.folders = folders;
        this.files = files;
        this.known = known;
        this.publisher = publisher;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(Math.max(1, config.hashThreads()), r -> {
            Thread t = new Thread(r, "settle-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** The writer closed the file, or a finished file was moved into place. */
    public void closed(FileRef ref) {
        tracked.compute(ref.key(), (k, t) -> {
            t = t == null ? new Tracked(ref) : t;
            t.generation++;
            t.cancelTimer();
            request(t, Trigger.CLOSED);
            return t;
        });
    }

    /** The file is being written; it will be closed, or fall quiet. */
    public void written(FileRef ref) {
        tracked.compute(ref.key(), (k, t) -> {
            t = t == null ? new Tracked(ref) : t;
            t.generation++;
            schedule(t, Trigger.QUIET, config.openFileQuietPeriod(), null);
            return t;
        });
    }

    /** A scan found the file different from what the agent knows; it is published once stable. */
    public void discovered(FileRef ref, FileStat stat) {
        tracked.compute(ref.key(), (k, t) -> {
            t = t == null ? new Tracked(ref) : t;
            if (t.timer == null && !t.running && !t.queued) {
                schedule(t, Trigger.SCAN, config.quietPeriod(), stat);
            }
            return t;
        });
    }

    /** The file is gone (deleted or moved away): the agent no longer knows a hash for that path. */
    public void removed(FileRef ref) {
        tracked.computeIfPresent(ref.key(), (k, t) -> {
            t.generation++;
            t.cancelTimer();
            return t.idle() ? null : t;
        });
        known.forget(ref.key());
    }

    /** Events published since start (for logs and the benchmark). */
    public int publishedCount() {
        return published.get();
    }

    /**
     * Stops taking work; files already closed are still checked and published (for a while), so
     * their events are acknowledged before the producer and the store close. Pending quiet periods
     * are dropped: the scan at the next start finds those files.
     */
    public void stop(Duration timeout) {
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void request(Tracked t, Trigger trigger) {
        t.pending = t.pending == null || trigger.compareTo(t.pending) > 0 ? trigger : t.pending;
        if (!t.running && !t.queued && !executor.isShutdown()) {
            try {
                executor.execute(() -> run(t.ref.key()));
                t.queued = true;
            } catch (RejectedExecutionException e) {
                // Shutting down: the scan at the next start finds the file.
            }
        }
    }

    private void schedule(Tracked t, Trigger trigger, Duration delay, FileStat seen) {
        t.cancelTimer();
        t.lastSeen = seen;
        long token = ++t.timerToken;
        if (!executor.isShutdown()) {
            try {
                t.timer = executor.schedule(() -> fire(t.ref.key(), token, trigger), delay.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down: the scan at the next start finds the file.
            }
        }
    }

    private void fire(String key, long token, Trigger trigger) {
        tracked.computeIfPresent(key, (k, t) -> {
            if (t.timerToken == token) {
                t.timer = null;
                request(t, trigger);
            }
            return t;
        });
    }

    private void run(String key) {
        Tracked[] box = new Tracked[1];
        Trigger[] trigger = new Trigger[1];
        long[] generation = new long[1];
        tracked.computeIfPresent(key, (k, t) -> {
            t.queued = false;
            t.running = true;
            trigger[0] = t.pending;
            t.pending = null;
            generation[0] = t.generation;
            box[0] = t;
            return t;
        });
        Tracked t = box[0];
        if (t == null || trigger[0] == null) {
            finish(key, Outcome.DONE);
            return;
        }
        Outcome outcome;
        try {
            outcome = check(t, trigger[0], generation[0]);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not check %s: %s", t.ref, e.getMessage());
            outcome = new Outcome(Trigger.CLOSED, config.retryInterval(), null);
        }
        finish(key, outcome);
    }

    private void finish(String key, Outcome outcome) {
        tracked.computeIfPresent(key, (k, t) -> {
            t.running = false;
            if (t.pending != null) {
                request(t, t.pending);
            } else if (outcome.recheck() != null && t.timer == null) {
                schedule(t, outcome.recheck(), outcome.delay(), outcome.seen());
            }
            return t.idle() ? null : t;
        });
    }

    /** Looks at the file once; says whether to look again, and when. */
    private Outcome check(Tracked t, Trigger trigger, long generation) throws IOException {
        FileRef ref = t.ref;
        if (!folders.isActive(ref.folder())) {
            return Outcome.DONE;
        }
        OpenFile file;
        try {
            file = files.open(ref.folder(), ref.path());
        } catch (Refused e) {
            // Gone, a link, a folder, a pipe: nothing to publish, and never read through.
            if (e.reason() == Refused.Reason.ABSENT) {
                known.forget(ref.key());
            }
            return Outcome.DONE;
        }
        try (file) {
            FileStat before = file.stat();
            if (trigger == Trigger.SCAN && !before.equals(t.lastSeen)) {
                return new Outcome(Trigger.SCAN, config.quietPeriod(), before);
            }
            if (known.sha256Of(ref.key(), before).isPresent()) {
                // The very version the agent published, stored or found: nothing new to read. This is what a file the
                // file API just stored looks like when its rename into place is seen.
                return Outcome.DONE;
            }
            Sha256.WithCrc32c content = Sha256.withCrc32c(file.channel());
            FileStat after = file.stat();
            if (!after.equals(before)) {
                // Written while hashed: a writer is at work; its close (or silence) brings us back.
                return trigger == Trigger.SCAN ? new Outcome(Trigger.SCAN, config.quietPeriod(), after)
                        : trigger == Trigger.QUIET ? new Outcome(Trigger.QUIET, config.openFileQuietPeriod(), null)
                                : Outcome.DONE;
            }
            if (t.generation() != generation) {
                return Outcome.DONE; // a newer event is pending and runs next
            }
            publishIfNew(ref, content, after);
            return Outcome.DONE;
        }
    }

    private void publishIfNew(FileRef ref, Sha256.WithCrc32c content, FileStat stat) {
        String key = ref.key();
        String sha256 = content.sha256();
        Known now = new Known(sha256, stat);
        Known before = known.get(key).orElse(null);
        if (before != null && before.sha256().equals(sha256)) {
            known.refresh(key, now);
            return;
        }
        FileChanged event = FileChanged.of(UUID.randomUUID(), kernel.id(), kernel.projectId(), kernel.userId(),
                ref.folder().type(), ref.folder().slug(), ref.path().toString(), stat.size(), sha256, content.crc32c(),
                stat.mtime(), kernel.agentUrl(), before == null);
        known.propose(key, now);
        publisher.publish(event).whenComplete((metadata, error) -> {
            if (error == null) {
                known.acknowledge(key, now);
                published.incrementAndGet();
                LOG.debugf("published %s (%d bytes, sha256 %s) to partition %d", ref, stat.size(), sha256,
                        metadata.partition());
            } else {
                known.abandon(key, sha256);
                LOG.warnf("the broker did not take the change of %s (%s); trying again in %s", ref, error.getMessage(),
                        config.retryInterval());
                tracked.compute(key, (k, t) -> {
                    t = t == null ? new Tracked(ref) : t;
                    if (t.timer == null) {
                        schedule(t, Trigger.CLOSED, config.retryInterval(), null);
                    }
                    return t;
                });
            }
        });
    }

    /** What a check asks for next: nothing, or another look after a delay. */
    private record Outcome(Trigger recheck, Duration delay, FileStat seen) {
        static final Outcome DONE = new Outcome(null, null, null);
    }

    /** The state of one file between its events and its checks. */
    private static final class Tracked {
        final FileRef ref;
        volatile long generation;
        boolean queued;
        boolean running;
        Trigger pending;
        ScheduledFuture<?> timer;
        long timerToken;
        FileStat lastSeen;

        Tracked(FileRef ref) {
            this.ref = ref;
        }

        long generation() {
            return generation;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            timerToken++;
        }

        boolean idle() {
            return !queued && !running && pending == null && timer == null;
        }
    }
}
