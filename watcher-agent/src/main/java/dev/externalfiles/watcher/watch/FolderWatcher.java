package dev.externalfiles.watcher.watch;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.config.WatchConfig;
import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.service.IgnoredNames;
import dev.externalfiles.watcher.service.IntegrationFolder;
import dev.externalfiles.watcher.service.ProjectFiles;
import dev.externalfiles.watcher.state.KnownFiles;

/**
 * Watches the integration folders the kernel may use: with inotify where the kernel offers it,
 * by polling otherwise (or in addition, once inotify's watch limit is reached).
 */
@ApplicationScoped
public class FolderWatcher {

    private static final Logger LOG = Logger.getLogger(FolderWatcher.class);

    private final WatchConfig config;
    private final Folders folders;
    private final FolderScanner scanner;
    private final ChangeSettler settler;
    private final IgnoredNames ignored;
    private final KnownFiles known;
    private InotifyWatcher inotify;
    private PollingWatcher poller;
    private volatile boolean started;

    public FolderWatcher(WatchConfig config, Folders folders, ProjectFiles files, IgnoredNames ignored, KnownFiles known,
            ChangeSettler settler) {
        this.config = config;
        this.folders = folders;
        this.settler = settler;
        this.ignored = ignored;
        this.known = known;
        this.scanner = new FolderScanner(files, ignored, known, settler);
    }

    /** Chooses how to watch; no folder is watched before the registry names them. */
    public synchronized void start() {
        if (config.mode() != WatchConfig.Mode.POLL) {
            try {
                inotify = new InotifyWatcher(Inotify.open(), folders, ignored, known, settler, scanner,
                        this::pollAsWell);
                inotify.start();
            } catch (IOException e) {
                if (config.mode() == WatchConfig.Mode.INOTIFY) {
                    throw new IllegalStateException("watcher.watch.mode=inotify, but " + e.getMessage(), e);
                }
                LOG.warnf("%s; polling every %s instead", e.getMessage(), config.pollInterval());
            }
        }
        if (inotify == null) {
            pollAsWell();
        }
        started = true;
        LOG.infof("watching with %s; quiet period %s, open-file quiet period %s", mode(), config.quietPeriod(),
                config.openFileQuietPeriod());
    }

    /** Watches (and scans) a folder the kernel may now use. */
    public void watch(IntegrationFolder folder) {
        InotifyWatcher i;
        PollingWatcher p;
        synchronized (this) {
            i = inotify;
            p = poller;
        }
        if (i != null) {
            i.watch(folder);
        }
        if (p != null) {
            p.scanSoon(folder);
        }
    }

    /** Whether the folder is being watched (it may have been deleted under us). */
    public boolean isWatching(IntegrationFolder folder) {
        InotifyWatcher i = inotify;
        return i == null || i.isWatching(folder);
    }

    /** Stops watching a revoked integration's folder; its files stay. */
    public void unwatch(IntegrationFolder folder) {
        InotifyWatcher i = inotify;
        if (i != null) {
            i.unwatch(folder);
        }
    }

    public boolean started() {
        return started;
    }

    /** {@code inotify}, {@code poll}, or {@code inotify+poll} once inotify's watch limit is reached. */
    public synchronized String mode() {
        return inotify != null && poller != null ? "inotify+poll" : inotify != null ? "inotify" : "poll";
    }

    /** inotify queue overflows since start (each one rescanned everything). */
    public long overflows() {
        InotifyWatcher i = inotify;
        return i == null ? 0 : i.overflows();
    }

    public synchronized void stop() {
        if (inotify != null) {
            inotify.stop();
        }
        if (poller != null) {
            poller.stop();
        }
        started = false;
    }

    private synchronized void pollAsWell() {
        if (poller == null) {
            poller = new PollingWatcher(folders, scanner);
            poller.start(config.pollInterval());
        }
    }
}
