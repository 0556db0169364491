package dev.externalfiles.integration.service;

import java.util.List;

import dev.externalfiles.integration.domain.AccessGrant;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.ProjectPermission;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.domain.WorkspaceRole;

/**
 * The product's permission rules as pure functions, so every decision is unit-testable:
 * admins manage integrations on plans that allow them; access comes from a grant (or being an
 * admin); import and export need access and Can Edit or more on the project.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** The caller must be a member of the workspace. */
    public static WorkspaceMember requireMember(Workspace workspace, WorkspaceMember member) {
        if (member == null) {
            throw new AccessDenied("You are not a member of workspace '" + workspace.id + "'");
        }
        return member;
    }

    /** Creating, changing, deleting integrations and granting access: admins, on a plan that allows it. */
    public static void requireIntegrationAdmin(Workspace workspace, WorkspaceMember member) {
        requireMember(workspace, member);
        requirePlan(workspace);
        if (member.role != WorkspaceRole.ADMIN) {
            throw new AccessDenied("Only workspace admins may create, change, delete or grant access to integrations; your role is "
                    + member.role);
        }
    }

    /** Removing an integration or a grant: admins, whatever the plan (a downgrade must not trap credentials). */
    public static void requireAdminOnAnyPlan(Workspace workspace, WorkspaceMember member) {
        requireMember(workspace, member);
        if (member.role != WorkspaceRole.ADMIN) {
            throw new AccessDenied("Only workspace admins may delete integrations or revoke access; your role is "
                    + member.role);
        }
    }

    /** Integrations exist only on plans that allow them; a downgraded workspace cannot use its old ones. */
    public static void requirePlan(Workspace workspace) {
        if (!workspace.plan.allowsIntegrations()) {
            throw new PlanForbidsIntegrations(workspace.id, workspace.plan);
        }
    }

    /** Admins always have access; others through a grant to them or to the whole workspace. */
    public static boolean hasAccess(WorkspaceMember member, List<AccessGrant> grants) {
        if (member == null) {
            return false;
        }
        if (member.role == WorkspaceRole.ADMIN) {
            return true;
        }
        return grants.stream().anyMatch(g -> g.isWorkspaceWide() || member.userId.equals(g.userId));
    }

    /** Browsing and seeing an integration: member, plan, access. */
    public static void requireAccess(Workspace workspace, WorkspaceMember member, List<AccessGrant> grants, String slug) {
        requireMember(workspace, member);
        requirePlan(workspace);
        if (!hasAccess(member, grants)) {
            throw new AccessDenied("You have no access to integration '" + slug + "'; ask a workspace admin to grant it");
        }
    }

    /** Import and export: access to the integration and Can Edit or more on the project. */
    public static void requireImport(Workspace workspace, WorkspaceMember member, List<AccessGrant> grants, String slug,
            ProjectGrant projectGrant, String projectId) {
        requireAccess(workspace, member, grants, slug);
        if (!canEdit(projectGrant)) {
            throw new AccessDenied("Importing needs Can Edit or Full Access on project '" + projectId + "'; you have "
                    + (projectGrant == null ? "no permission" : projectGrant.permission));
        }
    }

    public static boolean canEdit(ProjectGrant projectGrant) {
        return projectGrant != null && projectGrant.permission.atLeast(ProjectPermission.CAN_EDIT);
    }

    /** Seeing a project's manifest and transfers: a member with any permission on the project, or an admin. */
    public static void requireProjectViewer(Workspace workspace, WorkspaceMember member, ProjectGrant projectGrant,
            String projectId) {
        requireMember(workspace, member);
        if (member.role != WorkspaceRole.ADMIN && projectGrant == null) {
            throw new AccessDenied("You have no permission on project '" + projectId + "'");
        }
    }

    /** The workspace's audit log: admins only. */
    public static void requireAuditReader(Workspace workspace, WorkspaceMember member) {
        requireMember(workspace, member);
        if (member.role != WorkspaceRole.ADMIN) {
            throw new AccessDenied("Only workspace admins may read the audit log");
        }
    }
}
