package dev.externalfiles.watcher.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.fs.LibC;
import dev.externalfiles.watcher.fs.RelativePath;
import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.service.IgnoredNames;
import dev.externalfiles.watcher.service.IntegrationFolder;
import dev.externalfiles.watcher.state.KnownFiles;

/**
 * Watches the integration folders recursively with inotify, on one thread of its own: a close
 * after writing or a move into place settles a file at once, a write starts its open-file quiet
 * period, a new folder is watched and scanned (its first files may predate the watch), and a
 * queue overflow rescans everything, so no change is lost.
 */
final class InotifyWatcher {

    private static final Logger LOG = Logger.getLogger(InotifyWatcher.class);

    private final Inotify inotify;
    private final Folders folders;
    private final IgnoredNames ignored;
    private final KnownFiles known;
    private final ChangeSettler settler;
    private final FolderScanner scanner;
    private final Runnable onWatchLimit;
    private final Map<Integer, WatchedDir> byWd = new HashMap<>();
    private final Map<String, Integer> byDir = new HashMap<>();
    private final AtomicLong overflows = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean limitReported;

    InotifyWatcher(Inotify inotify, Folders folders, IgnoredNames ignored, KnownFiles known, ChangeSettler settler,
            FolderScanner scanner, Runnable onWatchLimit) {
        this.inotify = inotify;
        this.folders = folders;
        this.ignored = ignored;
        this.known = known;
        this.settler = settler;
        this.scanner = scanner;
        this.onWatchLimit = onWatchLimit;
        this.thread = new Thread(this::loop, "inotify");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Watches the folder and everything below, and scans it. */
    synchronized void watch(IntegrationFolder folder) {
        int files = scanner.scan(folder, List.of(), this::addWatch);
        LOG.infof("watching %s (%d files, %d folders watched in all)", folder, files, byWd.size());
    }

    synchronized boolean isWatching(IntegrationFolder folder) {
        return byDir.containsKey(dirKey(folder, List.of()));
    }

    /** Stops watching the folder; its files stay as they are. */
    synchronized void unwatch(IntegrationFolder folder) {
        removeWatches(folder, List.of());
    }

    long overflows() {
        return overflows.get();
    }

    void stop() {
        running = false;
        inotify.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inotify.close();
    }

    private void loop() {
        while (running) {
            List<Inotify.Event> events;
            try {
                events = inotify.read();
            } catch (IOException e) {
                LOG.errorf("inotify failed (%s); polling instead", e.getMessage());
                onWatchLimit.run();
                return;
            }
            if (events == null) {
                return;
            }
            synchronized (this) {
                dispatch(events);
            }
        }
    }

    private void dispatch(List<Inotify.Event> events) {
        boolean overflow = false;
        for (Inotify.Event event : events) {
            if (event.is(Inotify.IN_Q_OVERFLOW)) {
                overflow = true;
                continue;
            }
            WatchedDir dir = byWd.get(event.wd());
            if (dir == null) {
                continue;
            }
            if (event.is(Inotify.IN_IGNORED)) {
                byWd.remove(event.wd());
                byDir.remove(dirKey(dir.folder(), dir.path()), event.wd());
                continue;
            }
            if (event.name().isEmpty()) {
                if (dir.path().isEmpty() && event.is(Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF)) {
                    LOG.warnf("%s was removed; it comes back with the next heartbeat", dir.folder());
                    removeWatches(dir.folder(), List.of());
                }
                continue;
            }
            if (!folders.isActive(dir.folder()) || ignored.ignores(event.name())) {
                continue;
            }
            List<String> segments = new ArrayList<>(dir.path());
            segments.add(event.name());
            if (event.is(Inotify.IN_ISDIR)) {
                if (event.is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO)) {
                    scanner.scan(dir.folder(), segments, this::addWatch);
                } else if (event.is(Inotify.IN_MOVED_FROM | Inotify.IN_DELETE)) {
                    removeWatches(dir.folder(), segments);
                    String prefix = dir.folder().keyOf(String.join("/", segments) + "/");
                    known.keysUnder(prefix).forEach(known::forget);
                }
                continue;
            }
            FileRef ref;
            try {
                ref = new FileRef(dir.folder(), RelativePath.of(String.join("/", segments)));
            } catch (RelativePath.UnsafePath e) {
                LOG.debugf("not publishing %s%s: %s", dir.folder(), String.join("/", segments), e.getMessage());
                continue;
            }
            if (event.is(Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_TO)) {
                settler.closed(ref);
            } else if (event.is(Inotify.IN_MODIFY | Inotify.IN_CREATE)) {
                settler.written(ref);
            } else if (event.is(Inotify.IN_DELETE | Inotify.IN_MOVED_FROM)) {
                settler.removed(ref);
            }
        }
        if (overflow) {
            long n = overflows.incrementAndGet();
            LOG.warnf("inotify queue overflowed (%d so far); rescanning every integration folder", n);
            for (IntegrationFolder folder : folders.all()) {
                scanner.scan(folder, List.of(), this::addWatch);
            }
        }
    }

    private void addWatch(IntegrationFolder folder, List<String> dir, Path path) {
        try {
            int wd = inotify.addWatch(path);
            WatchedDir previous = byWd.put(wd, new WatchedDir(folder, dir));
            if (previous != null && !previous.equals(byWd.get(wd))) {
                byDir.remove(dirKey(previous.folder(), previous.path()), wd);
            }
            byDir.put(dirKey(folder, dir), wd);
        } catch (Inotify.WatchFailed e) {
            if (e.errno == LibC.ENOSPC) {
                if (!limitReported) {
                    limitReported = true;
                    LOG.errorf("the inotify watch limit (fs.inotify.max_user_watches) is reached at %s; polling as well", path);
                    onWatchLimit.run();
                }
            } else if (e.errno != LibC.ENOENT) {
                // ENOTDIR: a link or a file took the folder's place; it is never followed.
                LOG.debugf("not watching %s: error %d", path, e.errno);
            }
        }
    }

    private void removeWatches(IntegrationFolder folder, List<String> below) {
        Iterator<Map.Entry<Integer, WatchedDir>> it = byWd.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, WatchedDir> e = it.next();
            WatchedDir d = e.getValue();
            if (d.folder().slug().equals(folder.slug()) && d.path().size() >= below.size()
                    && d.path().subList(0, below.size()).equals(below)) {
                inotify.removeWatch(e.getKey());
                byDir.remove(dirKey(d.folder(), d.path()), e.getKey());
                it.remove();
            }
        }
    }

    private static String dirKey(IntegrationFolder folder, List<String> dir) {
        return folder.type() + "/" + folder.slug() + "/" + String.join("/", dir);
    }

    /** A watched folder: its integration folder and its path inside it. */
    private record WatchedDir(IntegrationFolder folder, List<String> path) {
    }
}
