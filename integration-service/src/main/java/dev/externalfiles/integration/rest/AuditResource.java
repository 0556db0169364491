package dev.externalfiles.integration.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.externalfiles.integration.rest.Views.AuditEventView;
import dev.externalfiles.integration.service.AuditQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The workspace's audit log, for its admins. */
@Path("/v1/workspaces/{workspaceId}/audit")
@Authenticated
@APIResponse(responseCode = "401", description = "No valid bearer token from the configured issuer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditQueries audit;
    private final CurrentCaller caller;

    public AuditResource(AuditQueries audit, CurrentCaller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Who created, changed, granted and imported what, newest first (never a secret)")
    @APIResponse(responseCode = "200", description = "The events")
    @APIResponse(responseCode = "400", description = "Invalid limit")
    @APIResponse(responseCode = "403", description = "Not an admin of the workspace")
    @APIResponse(responseCode = "404", description = "No such workspace")
    public Uni<List<AuditEventView>> list(@RestPath String workspaceId, @RestQuery Integer limit) {
        return audit.list(caller.get(), workspaceId, limit).map(all -> all.stream().map(AuditEventView::of).toList());
    }
}
