package dev.externalfiles.watcher.state;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.externalfiles.watcher.config.KernelConfig;
import dev.externalfiles.watcher.config.StateConfig;

/** Opens the known-hash store of this kernel once, and closes it last. */
@ApplicationScoped
public class KnownFilesProducer {

    @Produces
    @Singleton
    KnownFiles knownFiles(StateConfig state, KernelConfig kernel) throws IOException {
        return KnownFiles.open(state.dir(), kernel.id(), state.compactAfter());
    }

    void close(@Disposes KnownFiles files) {
        files.close();
    }
}
