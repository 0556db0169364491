package dev.externalfiles.integration.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.externalfiles.integration.rest.Bodies.MemberBody;
import dev.externalfiles.integration.rest.Bodies.PermissionBody;
import dev.externalfiles.integration.rest.Bodies.ProjectBody;
import dev.externalfiles.integration.rest.Bodies.WorkspaceBody;
import dev.externalfiles.integration.rest.Views.MemberView;
import dev.externalfiles.integration.rest.Views.PermissionView;
import dev.externalfiles.integration.rest.Views.ProjectView;
import dev.externalfiles.integration.rest.Views.WorkspaceView;
import dev.externalfiles.integration.service.WorkspaceDirectory;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The platform keeps workspaces, members, projects and project permissions in sync here. */
@Path("/v1")
@Authenticated
@APIResponse(responseCode = "401", description = "No valid bearer token from the configured issuer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Platform sync", description = "For the platform's service identity (role 'platform')")
public class PlatformResource {

    private final WorkspaceDirectory directory;
    private final CurrentCaller caller;

    public PlatformResource(WorkspaceDirectory directory, CurrentCaller caller) {
        this.directory = directory;
        this.caller = caller;
    }

    @PUT
    @Path("/workspaces/{workspaceId}")
    @Operation(summary = "Create or update a workspace and its plan")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Invalid id, name or plan")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    public Uni<WorkspaceView> putWorkspace(@RestPath String workspaceId, @Valid @NotNull WorkspaceBody body) {
        return directory.putWorkspace(caller.get(), workspaceId, body.name(), body.plan()).map(WorkspaceView::of);
    }

    @DELETE
    @Path("/workspaces/{workspaceId}")
    @Operation(summary = "Delete a workspace with its integrations, projects, manifests and transfers")
    @APIResponse(responseCode = "204", description = "Deleted (or did not exist)")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    public Uni<RestResponse<Void>> deleteWorkspace(@RestPath String workspaceId) {
        return directory.deleteWorkspace(caller.get(), workspaceId).map(deleted -> RestResponse.noContent());
    }

    @DELETE
    @Path("/workspaces/{workspaceId}/projects/{projectId}")
    @Operation(summary = "Delete a project with its manifest, kernels and transfers")
    @APIResponse(responseCode = "204", description = "Deleted (or did not exist)")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<RestResponse<Void>> deleteProject(@RestPath String workspaceId, @RestPath String projectId) {
        return directory.deleteProject(caller.get(), workspaceId, projectId).map(deleted -> RestResponse.noContent());
    }

    @GET
    @Path("/workspaces/{workspaceId}")
    @Operation(summary = "Read a workspace as the platform last stored it")
    @APIResponse(responseCode = "200", description = "The workspace")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<WorkspaceView> getWorkspace(@RestPath String workspaceId) {
        return directory.getWorkspace(caller.get(), workspaceId).map(WorkspaceView::of);
    }

    @PUT
    @Path("/workspaces/{workspaceId}/members/{userId}")
    @Operation(summary = "Add a member or change their workspace role")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Invalid user id or role")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<MemberView> putMember(@RestPath String workspaceId, @RestPath String userId,
            @Valid @NotNull MemberBody body) {
        return directory.putMember(caller.get(), workspaceId, userId, body.role()).map(MemberView::of);
    }

    @DELETE
    @Path("/workspaces/{workspaceId}/members/{userId}")
    @Operation(summary = "Remove a member")
    @APIResponse(responseCode = "204", description = "Removed (or was not a member)")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<RestResponse<Void>> removeMember(@RestPath String workspaceId, @RestPath String userId) {
        return directory.removeMember(caller.get(), workspaceId, userId).map(removed -> RestResponse.noContent());
    }

    @PUT
    @Path("/workspaces/{workspaceId}/projects/{projectId}")
    @Operation(summary = "Create or rename a project of a workspace")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Invalid id or name")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such workspace")
    @APIResponse(responseCode = "409", description = "The project id belongs to another workspace")
    public Uni<ProjectView> putProject(@RestPath String workspaceId, @RestPath String projectId,
            @Valid @NotNull ProjectBody body) {
        return directory.putProject(caller.get(), workspaceId, projectId, body.name()).map(ProjectView::of);
    }

    @PUT
    @Path("/workspaces/{workspaceId}/projects/{projectId}/permissions/{userId}")
    @Operation(summary = "Set a user's permission on a project")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Invalid user id or permission")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<PermissionView> putPermission(@RestPath String workspaceId, @RestPath String projectId,
            @RestPath String userId, @Valid @NotNull PermissionBody body) {
        return directory.putProjectPermission(caller.get(), workspaceId, projectId, userId, body.permission())
                .map(PermissionView::of);
    }

    @DELETE
    @Path("/workspaces/{workspaceId}/projects/{projectId}/permissions/{userId}")
    @Operation(summary = "Remove a user's permission on a project")
    @APIResponse(responseCode = "204", description = "Removed (or had none)")
    @APIResponse(responseCode = "403", description = "Caller is not the platform")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<RestResponse<Void>> removePermission(@RestPath String workspaceId, @RestPath String projectId,
            @RestPath String userId) {
        return directory.removeProjectPermission(caller.get(), workspaceId, projectId, userId)
                .map(removed -> RestResponse.noContent());
    }
}
