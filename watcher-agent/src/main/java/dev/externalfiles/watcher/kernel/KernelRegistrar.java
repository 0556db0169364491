package dev.externalfiles.watcher.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.config.KernelConfig;
import dev.externalfiles.watcher.config.RegistryConfig;
import dev.externalfiles.watcher.fs.Refused;
import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.service.IntegrationFolder;
import dev.externalfiles.watcher.service.ProjectFiles;
import dev.externalfiles.watcher.service.UnknownSlugAsked;
import dev.externalfiles.watcher.watch.FolderWatcher;

/**
 * Keeps the kernel registered with integration-service and its folders in step with the answer:
 * registers at start (again and again, with growing pauses, while the registry cannot be reached
 * or refuses), heartbeats, registers anew when the registry forgot the kernel, and deregisters at
 * shutdown. It runs on a thread of its own, so health checks answer at once whatever the registry
 * does.
 */
@ApplicationScoped
public class KernelRegistrar {

    private static final Logger LOG = Logger.getLogger(KernelRegistrar.class);

    /** Where the registration stands, for the readiness check. */
    public enum State {
        STARTING,
        REGISTERING,
        REGISTERED,
        STOPPED
    }

    private final KernelConfig kernel;
    private final RegistryConfig config;
    private final RegistryClient client;
    private final Folders folders;
    private final ProjectFiles files;
    private final FolderWatcher watcher;
    private final ScheduledExecutorService thread;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile int failedAttempts;
    private Duration backoff;
    private final RefreshThrottle earlyReads;
    /** The heartbeat scheduled next; read and written on the registry thread only. */
    private ScheduledFuture<?> nextHeartbeat;

    public KernelRegistrar(KernelConfig kernel, RegistryConfig config, RegistryClient client, Folders folders,
            ProjectFiles files, FolderWatcher watcher) {
        this.kernel = kernel;
        this.config = config;
        this.client = client;
        this.folders = folders;
        this.files = files;
        this.watcher = watcher;
        this.backoff = config.retryMin();
        this.earlyReads = new RefreshThrottle(config.refreshMinInterval());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kernel-registry");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        state = State.REGISTERING;
        thread.execute(this::register);
    }

    public State state() {
        return state;
    }

    /** Why the last call to the registry failed, while it fails. */
    public String lastError() {
        return lastError;
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    /** Stops heartbeats and deregisters the kernel, waiting at most the configured time. */
    public void stop() {
        boolean wasRegistered = state == State.REGISTERED;
        state = State.STOPPED;
        thread.shutdownNow();
        if (wasRegistered) {
            try {
                client.deregister(kernel.id(), config.deregisterTimeout());
                LOG.infof("kernel %s deregistered", kernel.id());
            } catch (RuntimeException e) {
                LOG.warnf("could not deregister kernel %s (the registry times it out): %s", kernel.id(), e.getMessage());
            }
        }
    }

    /**
     * Brings the next heartbeat forward, whose answer carries the folders, at most once per
     * {@code watcher.registry.refresh-min-interval}, on the registry's own thread: the caller does
     * not wait. Asked for when the transfer-service names a slug this kernel has no folder for,
     * which is what an import right after a grant looks like until the next heartbeat (30 s); the
     * transfer-service retries such a store, and the next attempt finds the folder. Only registered
     * kernels heartbeat: one still registering gets its folders with the registration.
     */
    void onUnknownSlug(@Observes UnknownSlugAsked asked) {
        if (state != State.REGISTERED || !earlyReads.tryAcquire(System.nanoTime())) {
            return;
        }
        try {
            thread.execute(() -> {
                // On the registry thread, as every heartbeat: none is running, and a cancelled one has not started.
                if (nextHeartbeat != null && nextHeartbeat.cancel(false)) {
                    heartbeat();
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: no folder will be needed any more.
        }
    }

    private void register() {
        if (state == State.STOPPED) {
            return;
        }
        try {
            KernelView view = client.register(new KernelRegistration(kernel.id(), kernel.projectId(), kernel.userId(),
                    kernel.agentUrl()));
            apply(view);
            state = State.REGISTERED;
            lastError = null;
            failedAttempts = 0;
            backoff = config.retryMin();
            LOG.infof("kernel %s registered for project %s, user %s: %d integration folders, %d restores queued",
                    kernel.id(), kernel.projectId(), kernel.userId(), view.integrations().size(), view.restoresQueued());
            scheduleHeartbeat();
        } catch (RuntimeException e) {
            failedAttempts++;
            if (!e.getMessage().equals(lastError)) {
                LOG.warnf("registering kernel %s failed, trying again with growing pauses: %s", kernel.id(), e.getMessage());
            }
            lastError = e.getMessage();
            thread.schedule(this::register, nextBackoff().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        if (state == State.STOPPED) {
            return;
        }
        try {
            apply(client.heartbeat(kernel.id()));
            lastError = null;
            scheduleHeartbeat();
        } catch (RegistryRefusal e) {
            lastError = e.getMessage();
            if (e.notRegistered()) {
                LOG.warnf("the registry forgot kernel %s; registering again", kernel.id());
                state = State.REGISTERING;
                register();
            } else {
                LOG.warnf("heartbeat of kernel %s failed: %s", kernel.id(), e.getMessage());
                scheduleHeartbeat();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "heartbeat of kernel %s failed", kernel.id());
            scheduleHeartbeat();
        }
    }

    /** Lays the folders out as the registry says: new ones created and watched, revoked ones left alone. */
    private void apply(KernelView view) {
        List<IntegrationFolder> now = new ArrayList<>();
        for (KernelView.UsableIntegration i : view.integrations()) {
            try {
                now.add(new IntegrationFolder(i.integrationId(), i.type(), i.slug(), i.writeback()));
            } catch (IllegalArgumentException e) {
                LOG.errorf("ignoring integration %s: %s", i.integrationId(), e.getMessage());
            }
        }
        Folders.Change change = folders.replace(now);
        for (IntegrationFolder revoked : change.removed()) {
            watcher.unwatch(revoked);
            LOG.infof("%s is no longer usable by this kernel: not watched nor published any more; its files stay",
                    revoked);
        }
        for (IntegrationFolder folder : change.all()) {
            try {
                files.create(folder);
            } catch (Refused e) {
                LOG.errorf("cannot use %s: %s (links are never followed)", folder, e.getMessage());
                continue;
            }
            if (change.added().contains(folder) || !watcher.isWatching(folder)) {
                watcher.watch(folder);
            }
        }
    }

    private void scheduleHeartbeat() {
        nextHeartbeat = thread.schedule(this::heartbeat, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration nextBackoff() {
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.retryMax()) > 0 ? config.retryMax() : doubled;
        // Jitter, so that the agents of a restarted cluster do not all knock at once.
        long millis = wait.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }
}
