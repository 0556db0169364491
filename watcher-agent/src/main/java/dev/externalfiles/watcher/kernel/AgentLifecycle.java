package dev.externalfiles.watcher.kernel;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.config.KernelConfig;
import dev.externalfiles.watcher.publish.FileChangedPublisher;
import dev.externalfiles.watcher.state.KnownFiles;
import dev.externalfiles.watcher.watch.ChangeSettler;
import dev.externalfiles.watcher.watch.FolderWatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the agent's parts in order and stops them in the reverse one: no change is seen before
 * the known hashes are loaded, and none is lost at shutdown (events in flight are acknowledged
 * and recorded before the store closes, then the kernel is deregistered).
 */
@ApplicationScoped
public class AgentLifecycle {

    private static final Logger LOG = Logger.getLogger(AgentLifecycle.class);

    private final KernelConfig kernel;
    private final KnownFiles known;
    private final FolderWatcher watcher;
    private final ChangeSettler settler;
    private final FileChangedPublisher publisher;
    private final KernelRegistrar registrar;

    public AgentLifecycle(KernelConfig kernel, KnownFiles known, FolderWatcher watcher, ChangeSettler settler,
            FileChangedPublisher publisher, KernelRegistrar registrar) {
        this.kernel = kernel;
        this.known = known;
        this.watcher = watcher;
        this.settler = settler;
        this.publisher = publisher;
        this.registrar = registrar;
    }

    void start(@Observes StartupEvent event) {
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            LOG.warnf("file names are decoded as %s, not UTF-8: run the agent with LANG=C.UTF-8",
                    System.getProperty("sun.jnu.encoding"));
        }
        LOG.infof("watcher-agent for kernel %s (project %s, user %s), project directory %s, %d known files",
                kernel.id(), kernel.projectId(), kernel.userId(), kernel.projectDir(), known.keys().size());
        watcher.start();
        registrar.start();
    }

    void stop(@Observes ShutdownEvent event) {
        watcher.stop();
        settler.stop(Duration.ofSeconds(5));
        publisher.close();
        known.close();
        LOG.infof("published %d changes since start", settler.publishedCount());
        registrar.stop();
    }
}
