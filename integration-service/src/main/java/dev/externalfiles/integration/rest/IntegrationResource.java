package dev.externalfiles.integration.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.externalfiles.integration.rest.Views.GrantView;
import dev.externalfiles.integration.rest.Views.IntegrationView;
import dev.externalfiles.integration.service.BrowseService;
import dev.externalfiles.integration.service.IntegrationChanges;
import dev.externalfiles.integration.service.IntegrationService;
import dev.externalfiles.integration.service.NewCredentials;
import dev.externalfiles.integration.service.NewIntegration;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** A workspace's cloud storage integrations: settings, credentials, grants and browsing. */
@Path("/v1/workspaces/{workspaceId}/integrations")
@Authenticated
@APIResponse(responseCode = "401", description = "No valid bearer token from the configured issuer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations")
public class IntegrationResource {

    private final IntegrationService integrations;
    private final BrowseService browsing;
    private final CurrentCaller caller;

    public IntegrationResource(IntegrationService integrations, BrowseService browsing, CurrentCaller caller) {
        this.integrations = integrations;
        this.browsing = browsing;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List the integrations the caller may use (all of them for admins)")
    @APIResponse(responseCode = "200", description = "The integrations")
    @APIResponse(responseCode = "403", description = "Not a member of the workspace")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<List<IntegrationView>> list(@RestPath String workspaceId) {
        return integrations.list(caller.get(), workspaceId).map(all -> all.stream().map(IntegrationView::of).toList());
    }

    @POST
    @Operation(summary = "Connect a bucket; the credentials are checked against it before anything is stored")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid field (named in the problem)")
    @APIResponse(responseCode = "403", description = "Not an admin, or the plan does not allow integrations")
    @APIResponse(responseCode = "409", description = "Another integration has the same slug")
    @APIResponse(responseCode = "422", description = "The bucket refused the credentials; the problem names the permission")
    @APIResponse(responseCode = "502", description = "The store could not be reached")
    public Uni<RestResponse<IntegrationView>> create(@RestPath String workspaceId, @Valid @NotNull NewIntegration body) {
        return integrations.create(caller.get(), workspaceId, body)
                .map(i -> RestResponse.ResponseBuilder.<IntegrationView> created(
                        URI.create("/v1/workspaces/" + workspaceId + "/integrations/" + i.id))
                        .entity(IntegrationView.of(i)).build());
    }

    @GET
    @Path("/{integrationId}")
    @Operation(summary = "Read an integration (the secret is never returned; the access key id is masked)")
    @APIResponse(responseCode = "200", description = "The integration")
    @APIResponse(responseCode = "403", description = "No access")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<IntegrationView> get(@RestPath String workspaceId, @RestPath UUID integrationId) {
        return integrations.get(caller.get(), workspaceId, integrationId).map(IntegrationView::of);
    }

    @PATCH
    @Path("/{integrationId}")
    @Operation(summary = "Change settings (name, bucket, writeback, ...); 'version' must be the one last read")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "403", description = "Not an admin, or the plan does not allow integrations")
    @APIResponse(responseCode = "404", description = "No such integration")
    @APIResponse(responseCode = "409", description = "Stale version or slug taken")
    @APIResponse(responseCode = "422", description = "The new location refused the credentials")
    public Uni<IntegrationView> update(@RestPath String workspaceId, @RestPath UUID integrationId,
            @Valid @NotNull IntegrationChanges body) {
        return integrations.update(caller.get(), workspaceId, integrationId, body).map(IntegrationView::of);
    }

    @PUT
    @Path("/{integrationId}/credentials")
    @Operation(summary = "Rotate the credentials; the new ones are checked against the bucket first")
    @APIResponse(responseCode = "200", description = "Rotated")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    @APIResponse(responseCode = "409", description = "Stale version")
    @APIResponse(responseCode = "422", description = "The bucket refused the new credentials")
    public Uni<IntegrationView> rotate(@RestPath String workspaceId, @RestPath UUID integrationId,
            @Valid @NotNull NewCredentials body) {
        return integrations.rotateCredentials(caller.get(), workspaceId, integrationId, body).map(IntegrationView::of);
    }

    @DELETE
    @Path("/{integrationId}")
    @Operation(summary = "Delete an integration, its grants and its manifest entries")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<RestResponse<Void>> delete(@RestPath String workspaceId, @RestPath UUID integrationId) {
        return integrations.delete(caller.get(), workspaceId, integrationId).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("/{integrationId}/grants")
    @Operation(summary = "List who was granted access")
    @APIResponse(responseCode = "200", description = "The grants")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<List<GrantView>> grants(@RestPath String workspaceId, @RestPath UUID integrationId) {
        return integrations.grants(caller.get(), workspaceId, integrationId)
                .map(all -> all.stream().map(GrantView::of).toList());
    }

    @PUT
    @Path("/{integrationId}/grants/users/{userId}")
    @Operation(summary = "Grant a member access")
    @APIResponse(responseCode = "200", description = "Granted (idempotent)")
    @APIResponse(responseCode = "400", description = "The user is not a member of the workspace")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<GrantView> grantUser(@RestPath String workspaceId, @RestPath UUID integrationId, @RestPath String userId) {
        return integrations.grant(caller.get(), workspaceId, integrationId, userId).map(GrantView::of);
    }

    @DELETE
    @Path("/{integrationId}/grants/users/{userId}")
    @Operation(summary = "Revoke a member's access")
    @APIResponse(responseCode = "204", description = "Revoked (or had none)")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<RestResponse<Void>> revokeUser(@RestPath String workspaceId, @RestPath UUID integrationId,
            @RestPath String userId) {
        return integrations.revoke(caller.get(), workspaceId, integrationId, userId).map(r -> RestResponse.noContent());
    }

    @PUT
    @Path("/{integrationId}/grants/workspace")
    @Operation(summary = "Grant every member of the workspace access")
    @APIResponse(responseCode = "200", description = "Granted (idempotent)")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<GrantView> grantWorkspace(@RestPath String workspaceId, @RestPath UUID integrationId) {
        return integrations.grant(caller.get(), workspaceId, integrationId, null).map(GrantView::of);
    }

    @DELETE
    @Path("/{integrationId}/grants/workspace")
    @Operation(summary = "Revoke the workspace-wide grant")
    @APIResponse(responseCode = "204", description = "Revoked (or there was none)")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such integration")
    public Uni<RestResponse<Void>> revokeWorkspace(@RestPath String workspaceId, @RestPath UUID integrationId) {
        return integrations.revoke(caller.get(), workspaceId, integrationId, null).map(r -> RestResponse.noContent());
    }

    @GET
    @Path("/{integrationId}/objects")
    @Operation(summary = "Browse the bucket: folders and objects under a prefix, a page at a time")
    @APIResponse(responseCode = "200", description = "One page; objects that cannot be imported say why")
    @APIResponse(responseCode = "400", description = "Invalid prefix, page size or token")
    @APIResponse(responseCode = "403", description = "No access")
    @APIResponse(responseCode = "404", description = "No such integration")
    @APIResponse(responseCode = "502", description = "The store could not be reached")
    public Uni<BrowseService.Listing> browse(@RestPath String workspaceId, @RestPath UUID integrationId,
            @RestQuery String prefix, @RestQuery String continuationToken, @RestQuery Integer pageSize) {
        return browsing.browse(caller.get(), workspaceId, integrationId, prefix, continuationToken, pageSize);
    }
}
