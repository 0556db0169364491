package dev.externalfiles.integration.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.IntegrationChanged;
import dev.externalfiles.integration.config.SecurityConfig;
import dev.externalfiles.integration.domain.AccessGrant;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.Plan;
import dev.externalfiles.integration.domain.Project;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.ProjectPermission;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.domain.WorkspaceRole;
import dev.externalfiles.integration.messaging.OutboxWriter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The platform's view of workspaces, members, projects and project permissions, kept in sync
 * by the platform's own service identity. Every write is an idempotent upsert.
 */
@ApplicationScoped
public class WorkspaceDirectory {

    private final SecurityConfig security;
    private final AuditLog audit;
    private final OutboxWriter outbox;

    public WorkspaceDirectory(SecurityConfig security, AuditLog audit, OutboxWriter outbox) {
        this.security = security;
        this.audit = audit;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Workspace> putWorkspace(Caller caller, String workspaceId, String name, Plan plan) {
        requirePlatform(caller);
        Ids.require("workspaceId", workspaceId);
        return Workspace.<Workspace> findById(workspaceId).chain(existing -> {
            Workspace workspace = existing == null ? new Workspace() : existing;
            workspace.id = workspaceId;
            workspace.name = name;
            workspace.plan = plan;
            workspace.updatedAt = Instant.now();
            return workspace.<Workspace> persist()
                    .call(() -> audit.record(caller.userId(), "workspace.put", workspaceId, workspaceId, "plan=" + plan))
                    .call(() -> invalidate(workspaceId));
        });
    }

    @WithTransaction
    public Uni<WorkspaceMember> putMember(Caller caller, String workspaceId, String userId, WorkspaceRole role) {
        requirePlatform(caller);
        Ids.require("userId", userId);
        return workspace(workspaceId)
                .chain(() -> WorkspaceMember.<WorkspaceMember> findById(new WorkspaceMember.Key(workspaceId, userId)))
                .chain(existing -> {
                    WorkspaceMember member = existing == null ? new WorkspaceMember() : existing;
                    member.workspaceId = workspaceId;
                    member.userId = userId;
                    member.role = role;
                    member.updatedAt = Instant.now();
                    return member.<WorkspaceMember> persist().call(() -> audit.record(caller.userId(), "member.put",
                            workspaceId, userId, "role=" + role)).call(() -> invalidate(workspaceId));
                });
    }

    @WithTransaction
    public Uni<Boolean> removeMember(Caller caller, String workspaceId, String userId) {
        requirePlatform(caller);
        return workspace(workspaceId)
                .chain(() -> WorkspaceMember.delete("workspaceId = ?1 and userId = ?2", workspaceId, userId))
                // A member who leaves keeps no grant that would come back if they were added again.
                .call(() -> AccessGrant.delete(
                        "userId = ?1 and integrationId in (select i.id from Integration i where i.workspaceId = ?2)", userId,
                        workspaceId))
                .call(n -> audit.record(caller.userId(), "member.remove", workspaceId, userId, null))
                .call(n -> invalidate(workspaceId))
                .map(n -> n > 0);
    }

    /** The workspace is gone from the platform: everything of it goes (integrations, projects, manifests). */
    @WithTransaction
    public Uni<Boolean> deleteWorkspace(Caller caller, String workspaceId) {
        requirePlatform(caller);
        return Workspace.<Workspace> findById(workspaceId).chain(workspace -> workspace == null
                ? Uni.createFrom().item(false)
                : invalidate(workspaceId, true).chain(() -> workspace.delete())
                        .call(() -> audit.record(caller.userId(), "workspace.delete", workspaceId, workspaceId, null))
                        .replaceWith(true));
    }

    /** The project is gone from the platform: its manifest, kernels and transfers go with it. */
    @WithTransaction
    public Uni<Boolean> deleteProject(Caller caller, String workspaceId, String projectId) {
        requirePlatform(caller);
        return workspace(workspaceId).chain(() -> Project.<Project> findById(projectId)).chain(project -> {
            if (project == null || !project.workspaceId.equals(workspaceId)) {
                return Uni.createFrom().item(false);
            }
            return project.delete()
                    .call(() -> audit.record(caller.userId(), "project.delete", workspaceId, projectId, null))
                    .call(() -> invalidate(workspaceId))
                    .replaceWith(true);
        });
    }

    @WithTransaction
    public Uni<Project> putProject(Caller caller, String workspaceId, String projectId, String name) {
        requirePlatform(caller);
        Ids.require("projectId", projectId);
        return workspace(workspaceId).chain(() -> Project.<Project> findById(projectId)).chain(existing -> {
            if (existing != null && !existing.workspaceId.equals(workspaceId)) {
                throw new Conflict("project-in-other-workspace", "Project belongs to another workspace",
                        "Project '" + projectId + "' belongs to another workspace", "projectId");
            }
            Project project = existing == null ? new Project() : existing;
            project.id = projectId;
            project.workspaceId = workspaceId;
            project.name = name;
            project.updatedAt = Instant.now();
            return project.<Project> persist()
                    .call(() -> audit.record(caller.userId(), "project.put", workspaceId, projectId, null));
        });
    }

    @WithTransaction
    public Uni<ProjectGrant> putProjectPermission(Caller caller, String workspaceId, String projectId, String userId,
            ProjectPermission permission) {
        requirePlatform(caller);
        Ids.require("userId", userId);
        return projectIn(workspaceId, projectId)
                .chain(project -> ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(projectId, userId))
                        .chain(existing -> {
                            ProjectGrant grant = existing == null ? new ProjectGrant() : existing;
                            grant.projectId = projectId;
                            grant.userId = userId;
                            grant.permission = permission;
                            grant.updatedAt = Instant.now();
                            return grant.<ProjectGrant> persist().call(() -> audit.record(caller.userId(),
                                    "project-permission.put", project.workspaceId, projectId + ":" + userId,
                                    "permission=" + permission)).call(() -> invalidate(project.workspaceId));
                        }));
    }

    @WithTransaction
    public Uni<Boolean> removeProjectPermission(Caller caller, String workspaceId, String projectId, String userId) {
        requirePlatform(caller);
        return projectIn(workspaceId, projectId)
                .chain(project -> ProjectGrant.delete("projectId = ?1 and userId = ?2", projectId, userId)
                        .call(n -> audit.record(caller.userId(), "project-permission.remove", project.workspaceId,
                                projectId + ":" + userId, null))
                        .call(n -> invalidate(project.workspaceId)))
                .map(n -> n > 0);
    }

    @WithSession
    public Uni<Workspace> getWorkspace(Caller caller, String workspaceId) {
        requirePlatform(caller);
        return workspace(workspaceId);
    }

    /**
     * A change of plan, role or permission can end someone's right to export; tell the
     * transfer-service's caches about every integration of the workspace. Published by the
     * relay's next round (within external-files.outbox.interval), as this runs before commit.
     */
    private Uni<Void> invalidate(String workspaceId) {
        return invalidate(workspaceId, false);
    }

    private Uni<Void> invalidate(String workspaceId, boolean deleted) {
        return Integration.<Integration> list("workspaceId", workspaceId).chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Integration i : all) {
                chain = chain.chain(() -> outbox.integrationChanged(
                        IntegrationChanged.of(i.id, i.workspaceId, i.slug, i.version, i.writeback, deleted)));
            }
            return chain;
        });
    }

    private void requirePlatform(Caller caller) {
        if (!caller.hasRole(security.platformRole())) {
            throw new AccessDenied("Only the platform's service identity may change workspaces, members, projects and permissions");
        }
    }

    static Uni<Workspace> workspace(String workspaceId) {
        return Workspace.<Workspace> findById(workspaceId).onItem().ifNull()
                .failWith(() -> new NotFound("Workspace", workspaceId));
    }

    private static Uni<Project> projectIn(String workspaceId, String projectId) {
        return project(projectId).invoke(p -> {
            if (!p.workspaceId.equals(workspaceId)) {
                throw new NotFound("Project", projectId);
            }
        });
    }

    static Uni<Project> project(String projectId) {
        return Project.<Project> findById(projectId).onItem().ifNull().failWith(() -> new NotFound("Project", projectId));
    }
}
