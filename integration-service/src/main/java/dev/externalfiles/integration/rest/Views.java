package dev.externalfiles.integration.rest;

import java.time.Instant;
import java.util.UUID;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.integration.domain.AccessGrant;
import dev.externalfiles.integration.domain.AuditEvent;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.ManifestEntry;
import dev.externalfiles.integration.domain.Plan;
import dev.externalfiles.integration.domain.Project;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.ProjectPermission;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.domain.WorkspaceRole;
import dev.externalfiles.integration.s3.BucketInspector;

/**
 * Response records. Entities are turned into these by static factories, so a column such as
 * the secret's ciphertext can never reach a response by accident.
 */
public final class Views {

    private Views() {
    }

    /** An integration; the access key id is masked and the secret is never included. */
    public record IntegrationView(UUID id, String workspaceId, String type, String name, String slug, String folder,
            String bucket, String region, String rootPrefix, String endpoint, boolean pathStyle, ChecksumMode checksumMode,
            String accessKeyId, boolean writeback, String createdBy, Instant createdAt, Instant updatedAt, long version) {

        public static IntegrationView of(Integration i) {
            return new IntegrationView(i.id, i.workspaceId, i.type, i.name, i.slug, "external-files/" + i.type + "/" + i.slug,
                    i.bucket, i.region, i.rootPrefix, i.endpoint, i.pathStyle, i.checksumMode,
                    BucketInspector.mask(i.accessKeyId), i.writeback, i.createdBy, i.createdAt, i.updatedAt, i.version);
        }
    }

    /** A grant to one user, or to the whole workspace when {@code wholeWorkspace}. */
    public record GrantView(UUID id, UUID integrationId, String userId, boolean wholeWorkspace, String grantedBy,
            Instant grantedAt) {

        public static GrantView of(AccessGrant g) {
            return new GrantView(g.id, g.integrationId, g.userId, g.isWorkspaceWide(), g.grantedBy, g.grantedAt);
        }
    }

    public record WorkspaceView(String id, String name, Plan plan, Instant updatedAt) {
        public static WorkspaceView of(Workspace w) {
            return new WorkspaceView(w.id, w.name, w.plan, w.updatedAt);
        }
    }

    public record MemberView(String workspaceId, String userId, WorkspaceRole role) {
        public static MemberView of(WorkspaceMember m) {
            return new MemberView(m.workspaceId, m.userId, m.role);
        }
    }

    public record ProjectView(String id, String workspaceId, String name) {
        public static ProjectView of(Project p) {
            return new ProjectView(p.id, p.workspaceId, p.name);
        }
    }

    public record PermissionView(String projectId, String userId, ProjectPermission permission) {
        public static PermissionView of(ProjectGrant g) {
            return new PermissionView(g.projectId, g.userId, g.permission);
        }
    }

    public record ManifestEntryView(UUID id, UUID integrationId, String key, String path, String importedBy,
            Instant importedAt, Long size, String etag, String versionId, String sha256) {
        public static ManifestEntryView of(ManifestEntry e) {
            return new ManifestEntryView(e.id, e.integrationId, e.objectKey, e.path, e.importedBy, e.importedAt, e.size,
                    e.etag, e.versionId, e.sha256);
        }
    }

    public record AuditEventView(long id, Instant occurredAt, String actor, String action, String target, String details) {
        public static AuditEventView of(AuditEvent e) {
            return new AuditEventView(e.id, e.occurredAt, e.actor, e.action, e.target, e.details);
        }
    }
}
