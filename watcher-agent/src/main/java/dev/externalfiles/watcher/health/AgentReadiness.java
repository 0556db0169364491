package dev.externalfiles.watcher.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.externalfiles.watcher.kernel.KernelRegistrar;
import dev.externalfiles.watcher.service.Folders;
import dev.externalfiles.watcher.watch.FolderWatcher;

/**
 * Ready once the kernel is registered and its folders are watched. While the registry cannot be
 * reached the agent is alive (liveness stays up) but not ready, and says why.
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    private final KernelRegistrar registrar;
    private final FolderWatcher watcher;
    private final Folders folders;

    public AgentReadiness(KernelRegistrar registrar, FolderWatcher watcher, Folders folders) {
        this.registrar = registrar;
        this.watcher = watcher;
        this.folders = folders;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kernel")
                .status(registrar.state() == KernelRegistrar.State.REGISTERED && watcher.started())
                .withData("registration", registrar.state().name())
                .withData("watching", watcher.mode())
                .withData("folders", folders.all().size())
                .withData("overflows", watcher.overflows())
                .withData("failedAttempts", registrar.failedAttempts());
        if (registrar.lastError() != null) {
            response.withData("lastError", registrar.lastError());
        }
        return response.build();
    }
}
