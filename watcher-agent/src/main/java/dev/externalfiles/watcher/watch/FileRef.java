package dev.externalfiles.watcher.watch;

import dev.externalfiles.watcher.fs.RelativePath;
import dev.externalfiles.watcher.service.IntegrationFolder;

/** A file of an integration folder: the folder and the file's safe path inside it. */
public record FileRef(IntegrationFolder folder, RelativePath path) {

    /** The key of the file in the known-hash store. */
    public String key() {
        return folder.keyOf(path.toString());
    }

    @Override
    public String toString() {
        return folder + path.toString();
    }
}
