package dev.externalfiles.integration.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.externalfiles.integration.messaging.TransferFeed;
import dev.externalfiles.integration.rest.Views.ManifestEntryView;
import dev.externalfiles.integration.service.ImportRequest;
import dev.externalfiles.integration.service.ImportService;
import dev.externalfiles.integration.service.TransferService;
import dev.externalfiles.integration.service.TransferView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A project's imports: import files, the manifest, the transfer history and live progress. */
@Path("/v1/projects/{projectId}")
@Authenticated
@APIResponse(responseCode = "401", description = "No valid bearer token from the configured issuer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {

    private final ImportService imports;
    private final TransferService transfers;
    private final TransferFeed feed;
    private final CurrentCaller caller;

    public ProjectResource(ImportService imports, TransferService transfers, TransferFeed feed, CurrentCaller caller) {
        this.imports = imports;
        this.transfers = transfers;
        this.feed = feed;
        this.caller = caller;
    }

    @POST
    @Path("/imports")
    @ResponseStatus(202)
    @Operation(summary = "Import keys and whole folders into the project; one transfer per object and running kernel")
    @APIResponse(responseCode = "202", description = "Accepted: in the manifest, transfers queued")
    @APIResponse(responseCode = "400", description = "Invalid, unsafe, missing or too many keys")
    @APIResponse(responseCode = "403", description = "No access to the integration, or less than Can Edit on the project")
    @APIResponse(responseCode = "404", description = "No such project or integration")
    public Uni<ImportService.ImportResult> importFiles(@RestPath String projectId, @Valid @NotNull ImportRequest body) {
        return imports.importInto(caller.get(), projectId, body);
    }

    @GET
    @Path("/manifest")
    @Operation(summary = "The files imported into the project; every new kernel gets them back")
    @APIResponse(responseCode = "200", description = "The manifest")
    @APIResponse(responseCode = "403", description = "No permission on the project")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<List<ManifestEntryView>> manifest(@RestPath String projectId) {
        return transfers.manifest(caller.get(), projectId).map(all -> all.stream().map(ManifestEntryView::of).toList());
    }

    @GET
    @Path("/transfers")
    @Operation(summary = "The project's transfers, newest first, with their latest state")
    @APIResponse(responseCode = "200", description = "The transfers")
    @APIResponse(responseCode = "400", description = "Invalid limit")
    @APIResponse(responseCode = "403", description = "No permission on the project")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<List<TransferView>> transfers(@RestPath String projectId, @RestQuery Integer limit) {
        return transfers.list(caller.get(), projectId, limit);
    }

    @GET
    @Path("/transfers/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @ProjectViewersOnly
    @Operation(summary = "Server-Sent Events: every update of the project's transfers, for progress bars")
    @APIResponse(responseCode = "200", description = "The stream")
    @APIResponse(responseCode = "403", description = "No permission on the project")
    @APIResponse(responseCode = "404", description = "No such project")
    public Multi<TransferView> stream(@RestPath String projectId) {
        return RestMulti.fromUniResponse(transfers.stream(caller.get(), projectId, feed), updates -> updates);
    }
}
