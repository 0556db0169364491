package dev.externalfiles.watcher.watch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.service.IntegrationFolder;

/**
 * The fallback where inotify is not available (or its watch limit is reached): scans every
 * integration folder at a fixed interval; the settler publishes a changed file once its size
 * and mtime stayed the same for the quiet period.
 */
final class PollingWatcher {

    private static final Logger LOG = Logger.getLogger(PollingWatcher.class);

    private final Folders folders;
    private final FolderScanner scanner;
    private final ScheduledExecutorService timer;

    PollingWatcher(Folders folders, FolderScanner scanner) {
        this.folders = folders;
        this.scanner = scanner;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-poll");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scans one folder soon (a folder just added should not wait a whole interval). */
    void scanSoon(IntegrationFolder folder) {
        timer.execute(() -> scan(folder));
    }

    void stop() {
        timer.shutdownNow();
    }

    private void pollAll() {
        for (IntegrationFolder folder : folders.all()) {
            scan(folder);
        }
    }

    private void scan(IntegrationFolder folder) {
        try {
            if (folders.isActive(folder)) {
                scanner.scan(folder, List.of(), (f, dir, path) -> {
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("scan of %s failed: %s", folder, e.getMessage());
        }
    }
}
