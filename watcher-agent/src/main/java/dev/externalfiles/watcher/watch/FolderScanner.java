package dev.externalfiles.watcher.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.fs.FileStat;
import dev.externalfiles.watcher.fs.RelativePath;
import dev.externalfiles.watcher.service.IgnoredNames;
import dev.externalfiles.watcher.service.IntegrationFolder;
import dev.externalfiles.watcher.service.ProjectFiles;
import dev.externalfiles.watcher.state.KnownFiles;

/**
 * Walks an integration folder (never through a link, never into an ignored name) and hands
 * every file whose size, mtime or inode differs from what the agent knows to the settler: the
 * full rescan of start-up, of an inotify overflow, of a folder moved in, and of poll mode.
 * A whole-folder scan also forgets the known files that are gone, unless one got a hash or was
 * stored while it walked (a file stored by the file API in the meantime).
 */
final class FolderScanner {

    private static final Logger LOG = Logger.getLogger(FolderScanner.class);
    /** Deeper than this no file can be published (an object key holds 1024 bytes). */
    private static final int MAX_PATH_BYTES = 1024;

    private final ProjectFiles files;
    private final IgnoredNames ignored;
    private final KnownFiles known;
    private final ChangeSettler settler;

    FolderScanner(ProjectFiles files, IgnoredNames ignored, KnownFiles known, ChangeSettler settler) {
        this.files = files;
        this.ignored = ignored;
        this.known = known;
        this.settler = settler;
    }

    /** Called for each folder before it is listed (inotify adds its watch there, so nothing falls between). */
    interface FolderHook {
        void entering(IntegrationFolder folder, List<String> dir, Path path);
    }

    /** Scans the folder {@code dir} of the integration folder and everything below; answers the files seen. */
    int scan(IntegrationFolder folder, List<String> dir, FolderHook hook) {
        String prefix = folder.keyOf(dir.isEmpty() ? "" : String.join("/", dir) + "/");
        Set<String> seen = new HashSet<>();
        Path path = files.pathOf(folder);
        for (String segment : dir) {
            path = path.resolve(segment);
        }
        try (KnownFiles.Scan scan = known.scanning(prefix)) {
            walk(folder, new ArrayList<>(dir), path, hook, seen);
            Set<String> gone = scan.knownAtStart();
            gone.removeAll(seen);
            // Not what got a hash or was stored while the walk ran (a restore): that file is there now.
            gone.forEach(key -> known.forgetUnlessTouched(key, scan));
        }
        return seen.size();
    }

    private void walk(IntegrationFolder folder, List<String> dir, Path path, FolderHook hook, Set<String> seen) {
        hook.entering(folder, List.copyOf(dir), path);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (ignored.ignores(name)) {
                    continue;
                }
                Map<String, Object> attributes;
                try {
                    attributes = Files.readAttributes(entry, "unix:isDirectory,isRegularFile,size,lastModifiedTime,ino",
                            LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                dir.add(name);
                try {
                    String relative = String.join("/", dir);
                    if (relative.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
                        continue;
                    }
                    if ((Boolean) attributes.get("isDirectory")) {
                        walk(folder, dir, entry, hook, seen);
                    } else if ((Boolean) attributes.get("isRegularFile")) {
                        file(folder, relative, FileStat.of(entry), seen);
                    }
                } finally {
                    dir.remove(dir.size() - 1);
                }
            }
        } catch (NoSuchFileException e) {
            // Removed while we looked: its events say so.
        } catch (IOException e) {
            LOG.warnf("could not list %s: %s", path, e.getMessage());
        }
    }

    private void file(IntegrationFolder folder, String relative, FileStat stat, Set<String> seen) {
        RelativePath path;
        try {
            path = RelativePath.of(relative);
        } catch (RelativePath.UnsafePath e) {
            LOG.debugf("not publishing %s%s: %s", folder, relative, e.getMessage());
            return;
        }
        FileRef ref = new FileRef(folder, path);
        seen.add(ref.key());
        if (known.sha256Of(ref.key(), stat).isEmpty()) {
            settler.discovered(ref, stat);
        }
    }
}
