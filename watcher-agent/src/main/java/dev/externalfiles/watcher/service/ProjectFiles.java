package dev.externalfiles.watcher.service;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.watcher.config.KernelConfig;
import dev.externalfiles.watcher.fs.Dir;
import dev.externalfiles.watcher.fs.OpenFile;
import dev.externalfiles.watcher.fs.Refused;
import dev.externalfiles.watcher.fs.RelativePath;
import dev.externalfiles.watcher.fs.SafeFiles;

/** The kernel's project directory, opened only through {@link SafeFiles}: files by integration folder and path. */
@ApplicationScoped
public class ProjectFiles {

    private final SafeFiles files;

    public ProjectFiles(KernelConfig kernel) throws IOException {
        Files.createDirectories(kernel.projectDir());
        this.files = new SafeFiles(kernel.projectDir());
    }

    /** Opens a regular file of the folder for reading. */
    public OpenFile open(IntegrationFolder folder, RelativePath path) throws Refused {
        return files.open(join(folder, path.segments()));
    }

    /** Opens a folder inside the integration folder ({@code path} may be empty: the folder itself). */
    public Dir dir(IntegrationFolder folder, List<String> path, boolean create) throws Refused {
        return files.dir(join(folder, path), create);
    }

    /** Creates the integration folder if it is missing; refuses if a link or file is in its place. */
    public void create(IntegrationFolder folder) throws Refused {
        files.dir(folder.segments(), true).close();
    }

    /** Where the folder is on disk (for watching and scanning, which never follow links either). */
    public java.nio.file.Path pathOf(IntegrationFolder folder) {
        java.nio.file.Path p = files.root();
        for (String s : folder.segments()) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> join(IntegrationFolder folder, List<String> path) {
        List<String> all = new ArrayList<>(folder.segments());
        all.addAll(path);
        return all;
    }
}
