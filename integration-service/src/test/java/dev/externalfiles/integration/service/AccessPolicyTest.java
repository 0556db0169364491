package dev.externalfiles.integration.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.externalfiles.integration.domain.AccessGrant;
import dev.externalfiles.integration.domain.Plan;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.ProjectPermission;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.domain.WorkspaceRole;

class AccessPolicyTest {

    @ParameterizedTest
    @EnumSource(value = WorkspaceRole.class, names = "ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void onlyAdminsManageIntegrations(WorkspaceRole role) {
        assertThrows(AccessDenied.class, () -> AccessPolicy.requireIntegrationAdmin(workspace(Plan.TEAM), member(role)));
        assertDoesNotThrow(() -> AccessPolicy.requireIntegrationAdmin(workspace(Plan.TEAM), member(WorkspaceRole.ADMIN)));
    }

    @Test
    void communityPlanForbidsIntegrationsEvenForAdmins() {
        assertThrows(PlanForbidsIntegrations.class,
                () -> AccessPolicy.requireIntegrationAdmin(workspace(Plan.COMMUNITY), member(WorkspaceRole.ADMIN)));
    }

    @ParameterizedTest
    @EnumSource(value = Plan.class, names = "COMMUNITY", mode = EnumSource.Mode.EXCLUDE)
    void paidPlansAllowIntegrations(Plan plan) {
        assertDoesNotThrow(() -> AccessPolicy.requireIntegrationAdmin(workspace(plan), member(WorkspaceRole.ADMIN)));
    }

    @Test
    void nonMembersAreRefused() {
        assertThrows(AccessDenied.class, () -> AccessPolicy.requireAccess(workspace(Plan.TEAM), null, List.of(), "s"));
    }

    @Test
    void adminsAlwaysHaveAccess() {
        assertTrue(AccessPolicy.hasAccess(member(WorkspaceRole.ADMIN), List.of()));
    }

    @Test
    void othersNeedAUserOrWorkspaceGrant() {
        WorkspaceMember editor = member(WorkspaceRole.EDITOR);
        assertFalse(AccessPolicy.hasAccess(editor, List.of()));
        assertFalse(AccessPolicy.hasAccess(editor, List.of(grant("someone-else"))));
        assertTrue(AccessPolicy.hasAccess(editor, List.of(grant("u"))));
        assertTrue(AccessPolicy.hasAccess(editor, List.of(grant(null))));
    }

    @Test
    void importNeedsCanEditOrFullAccess() {
        Workspace ws = workspace(Plan.TEAM);
        WorkspaceMember editor = member(WorkspaceRole.EDITOR);
        List<AccessGrant> granted = List.of(grant("u"));
        assertThrows(AccessDenied.class, () -> AccessPolicy.requireImport(ws, editor, granted, "s", null, "p"));
        assertThrows(AccessDenied.class,
                () -> AccessPolicy.requireImport(ws, editor, granted, "s", permission(ProjectPermission.CAN_VIEW), "p"));
        assertThrows(AccessDenied.class,
                () -> AccessPolicy.requireImport(ws, editor, granted, "s", permission(ProjectPermission.CAN_EXPLORE), "p"));
        assertDoesNotThrow(
                () -> AccessPolicy.requireImport(ws, editor, granted, "s", permission(ProjectPermission.CAN_EDIT), "p"));
        assertDoesNotThrow(
                () -> AccessPolicy.requireImport(ws, editor, granted, "s", permission(ProjectPermission.FULL_ACCESS), "p"));
    }

    @Test
    void importWithCanEditButNoGrantIsRefused() {
        assertThrows(AccessDenied.class, () -> AccessPolicy.requireImport(workspace(Plan.TEAM), member(WorkspaceRole.EDITOR),
                List.of(), "s", permission(ProjectPermission.FULL_ACCESS), "p"));
    }

    @Test
    void onlyAdminsReadTheAuditLog() {
        assertThrows(AccessDenied.class,
                () -> AccessPolicy.requireAuditReader(workspace(Plan.TEAM), member(WorkspaceRole.MANAGER)));
        assertDoesNotThrow(() -> AccessPolicy.requireAuditReader(workspace(Plan.TEAM), member(WorkspaceRole.ADMIN)));
    }

    private static Workspace workspace(Plan plan) {
        Workspace ws = new Workspace();
        ws.id = "w";
        ws.plan = plan;
        return ws;
    }

    private static WorkspaceMember member(WorkspaceRole role) {
        WorkspaceMember m = new WorkspaceMember();
        m.workspaceId = "w";
        m.userId = "u";
        m.role = role;
        return m;
    }

    private static AccessGrant grant(String userId) {
        AccessGrant g = new AccessGrant();
        g.id = UUID.randomUUID();
        g.userId = userId;
        return g;
    }

    private static ProjectGrant permission(ProjectPermission p) {
        ProjectGrant g = new ProjectGrant();
        g.permission = p;
        return g;
    }
}
