package dev.externalfiles.integration.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.integration.config.KernelConfig;
import dev.externalfiles.integration.config.SecurityConfig;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.Kernel;
import dev.externalfiles.integration.domain.Project;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.messaging.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The registry of running kernels (internal API for watcher-agents) and the authorization of
 * every transfer (internal API for the transfer-service).
 */
@ApplicationScoped
public class KernelRegistry {

    private static final Logger LOG = Logger.getLogger(KernelRegistry.class);

    private final SecurityConfig security;
    private final KernelConfig config;
    private final ImportService imports;
    private final IntegrationService integrations;
    private final OutboxRelay relay;
    private final AuditLog audit;

    public KernelRegistry(SecurityConfig security, KernelConfig config, ImportService imports,
            IntegrationService integrations, OutboxRelay relay, AuditLog audit) {
        this.security = security;
        this.config = config;
        this.imports = imports;
        this.integrations = integrations;
        this.relay = relay;
        this.audit = audit;
    }

    /** Registers (or re-registers) a kernel and queues the restore of its project's manifest. */
    public Uni<KernelView> register(Caller caller, KernelRegistration registration) {
        requireRole(caller, security.agentRole());
        Ids.require("kernelId", registration.kernelId());
        Ids.require("projectId", registration.projectId());
        Ids.require("userId", registration.userId());
        String agentUrl = checkAgentUrl(registration.agentUrl());
        return Panache.withTransaction(() -> WorkspaceDirectory.project(registration.projectId())
                .chain(project -> Kernel.<Kernel> findById(registration.kernelId()).chain(existing -> {
                    if (existing != null && (!existing.projectId.equals(project.id)
                            || !existing.userId.equals(registration.userId()))) {
                        throw new Conflict("kernel-id-taken", "Kernel id taken",
                                "Kernel '" + existing.id + "' is registered for another project or user", "kernelId");
                    }
                    if (existing != null && !existing.agentUrl.equals(agentUrl)) {
                        // Files go to the registered URL: it must not be redirected by whoever holds an agent token.
                        throw new Conflict("agent-url-changed", "Agent URL changed",
                                "Kernel '" + existing.id + "' is registered with another agent URL; deregister it first",
                                "agentUrl");
                    }
                    Kernel kernel = existing == null ? new Kernel() : existing;
                    kernel.id = registration.kernelId();
                    kernel.projectId = project.id;
                    kernel.userId = registration.userId();
                    kernel.agentUrl = agentUrl;
                    kernel.registeredAt = Instant.now();
                    kernel.lastHeartbeat = kernel.registeredAt;
                    return usable(project, kernel.userId).chain(usable -> {
                        if (usable.member() == null) {
                            throw new InvalidInput("userId", "names '" + kernel.userId
                                    + "', who is not a member of the project's workspace");
                        }
                        if (!usable.hasPermission()) {
                            throw new InvalidInput("userId", "names '" + kernel.userId
                                    + "', who has no permission on project '" + project.id + "'");
                        }
                        // Only a kernel whose user may import gets the project's files back.
                        return kernel.persist()
                                .chain(() -> usable.canEdit() ? imports.restoreTo(kernel, usable.integrations())
                                        : Uni.createFrom().item(0))
                                .call(n -> audit.record(caller.userId(), "kernel.register", project.workspaceId, kernel.id,
                                        "project=" + project.id + " user=" + kernel.userId + " restores=" + n))
                                .invoke(n -> LOG.infof("kernel %s registered for project %s, %d restores queued", kernel.id,
                                        project.id, n))
                                .map(n -> view(kernel, usable, n));
                    });
                })))
                .invoke(v -> relay.poke());
    }

    /** Keeps a kernel alive and tells its agent the integrations it may use now. */
    public Uni<KernelView> heartbeat(Caller caller, String kernelId) {
        requireRole(caller, security.agentRole());
        return Panache.withTransaction(() -> kernel(kernelId).chain(kernel -> {
            kernel.lastHeartbeat = Instant.now();
            return WorkspaceDirectory.project(kernel.projectId).chain(project -> usable(project, kernel.userId))
                    .map(usable -> view(kernel, usable, 0));
        }));
    }

    public Uni<Void> deregister(Caller caller, String kernelId) {
        requireRole(caller, security.agentRole());
        return Panache.withTransaction(() -> kernel(kernelId).call(kernel -> kernel.delete())
                .invoke(kernel -> LOG.infof("kernel %s deregistered", kernelId))
                .replaceWithVoid());
    }

    /**
     * Whether a file of the kernel may move through the integration with the given slug now.
     * Both ways need a live kernel, the plan, access and Can Edit; exports also writeback. A refusal is an
     * answer (200), not an error, so the transfer can be recorded as SKIPPED with the reason.
     */
    public Uni<AccessResolution> resolve(Caller caller, String kernelId, String slug, Direction direction) {
        requireRole(caller, security.transferRole());
        return Panache.withSession(() -> Kernel.<Kernel> findById(kernelId).chain(kernel -> {
            if (kernel == null) {
                return Uni.createFrom().item(AccessResolution.refused("KERNEL_NOT_REGISTERED",
                        "Kernel '" + kernelId + "' is not registered", kernelId));
            }
            return WorkspaceDirectory.project(kernel.projectId).chain(project -> Workspace.<Workspace> findById(project.workspaceId)
                    .chain(workspace -> Integration.<Integration> find("workspaceId = ?1 and slug = ?2", project.workspaceId, slug)
                            .firstResult().chain(integration -> {
                                if (integration == null) {
                                    return Uni.createFrom().item(AccessResolution.refused("NO_SUCH_INTEGRATION",
                                            "No integration with slug '" + slug + "' in the kernel's workspace", kernelId));
                                }
                                return decide(kernel, workspace, integration, direction);
                            })));
        }));
    }

    private Uni<AccessResolution> decide(Kernel kernel, Workspace workspace, Integration integration, Direction direction) {
        return WorkspaceMember.<WorkspaceMember> findById(new WorkspaceMember.Key(workspace.id, kernel.userId))
                .chain(member -> IntegrationService.grantsOf(List.of(integration))
                        .chain(grants -> ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(kernel.projectId,
                                kernel.userId)).map(projectGrant -> {
                                    String refusal = null;
                                    String detail = null;
                                    if (kernel.lastHeartbeat.isBefore(Instant.now().minus(config.heartbeatTimeout()))) {
                                        refusal = "KERNEL_STALE";
                                        detail = "Kernel '" + kernel.id + "' has not sent a heartbeat since "
                                                + kernel.lastHeartbeat;
                                    } else if (!workspace.plan.allowsIntegrations()) {
                                        refusal = "PLAN";
                                        detail = "The workspace's " + workspace.plan + " plan does not allow integrations";
                                    } else if (member == null || !AccessPolicy.hasAccess(member, grants)) {
                                        refusal = "NO_ACCESS";
                                        detail = "User '" + kernel.userId + "' has no access to '" + integration.slug + "'";
                                    } else if (!AccessPolicy.canEdit(projectGrant)) {
                                        refusal = "PROJECT_PERMISSION";
                                        detail = "User '" + kernel.userId + "' cannot edit project '" + kernel.projectId + "'";
                                    } else if (direction == Direction.EXPORT && !integration.writeback) {
                                        refusal = "WRITEBACK_OFF";
                                        detail = "Writeback is off for '" + integration.slug + "'";
                                    }
                                    if (refusal != null) {
                                        return AccessResolution.refused(refusal, detail, kernel.id);
                                    }
                                    var location = integrations.locationOf(integration);
                                    return new AccessResolution(true, null, null, kernel.id, kernel.agentUrl,
                                            kernel.projectId, kernel.userId,
                                            integration.id, integration.version, integration.slug, integration.writeback,
                                            location.bucket(), location.region(), location.endpoint(),
                                            location.pathStyle(), integration.rootPrefix, location.checksumMode(),
                                            location.accessKeyId(), location.secretAccessKey(),
                                            integrations.endpointAllowListed(integration));
                                })));
    }

    /** The integrations the user may use in the project, with effective writeback. */
    private static Uni<Usable> usable(Project project, String userId) {
        return Workspace.<Workspace> findById(project.workspaceId).chain(workspace -> WorkspaceMember
                .<WorkspaceMember> findById(new WorkspaceMember.Key(workspace.id, userId))
                .chain(member -> {
                    return ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(project.id, userId)).chain(pg -> {
                        if (member == null || !workspace.plan.allowsIntegrations()) {
                            return Uni.createFrom().item(new Usable(member, List.<Integration> of(), pg != null, false));
                        }
                        return Integration.<Integration> list("workspaceId = ?1 order by slug", workspace.id)
                                .chain(all -> IntegrationService.grantsOf(all).map(grants -> new Usable(member, all.stream()
                                        .filter(i -> AccessPolicy.hasAccess(member, grants.stream()
                                                .filter(g -> g.integrationId.equals(i.id)).toList()))
                                        .toList(), pg != null, AccessPolicy.canEdit(pg))));
                    });
                }));
    }

    private static KernelView view(Kernel kernel, Usable usable, int restores) {
        return new KernelView(kernel.id, kernel.projectId, kernel.userId, usable.integrations().stream()
                .map(i -> new KernelView.UsableIntegration(i.id, i.type, i.slug,
                        "external-files/" + i.type + "/" + i.slug + "/", i.writeback && usable.canEdit()))
                .toList(), restores);
    }

    private static Uni<Kernel> kernel(String kernelId) {
        return Kernel.<Kernel> findById(kernelId).onItem().ifNull().failWith(() -> new NotFound("Kernel", kernelId));
    }

    private String checkAgentUrl(String agentUrl) {
        try {
            URI uri = new URI(agentUrl);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !config.agentUrlSchemes().contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new InvalidInput("agentUrl", "must be an absolute " + config.agentUrlSchemes()
                        + " URL with a host and no user info, query or fragment");
            }
            if (config.agentHosts().isPresent() && config.agentHosts().get().stream()
                    .noneMatch(pattern -> uri.getHost().matches(pattern))) {
                throw new InvalidInput("agentUrl", "names host '" + uri.getHost()
                        + "', which external-files.kernels.agent-hosts does not allow");
            }
            String normalized = uri.toString();
            return normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
        } catch (URISyntaxException e) {
            throw new InvalidInput("agentUrl", "is not a valid URL");
        }
    }

    private static void requireRole(Caller caller, String role) {
        if (!caller.hasRole(role)) {
            throw new AccessDenied("This internal endpoint is for service identities with the '" + role + "' role");
        }
    }

    /** Which way a transfer goes. */
    public enum Direction {
        IMPORT,
        EXPORT;

        public static Direction parse(String direction) {
            for (Direction d : values()) {
                if (d.name().equals(direction)) {
                    return d;
                }
            }
            throw new InvalidInput("direction", "must be IMPORT or EXPORT");
        }
    }

    private record Usable(WorkspaceMember member, List<Integration> integrations, boolean hasPermission, boolean canEdit) {
    }
}
