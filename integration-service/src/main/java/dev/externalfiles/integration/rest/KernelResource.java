package dev.externalfiles.integration.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.integration.service.KernelRegistration;
import dev.externalfiles.integration.service.KernelRegistry;
import dev.externalfiles.integration.service.KernelView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Internal API: watcher-agents register kernels; the transfer-service resolves transfers. */
@Path("/internal/v1/kernels")
@Authenticated
@APIResponse(responseCode = "401", description = "No valid bearer token from the configured issuer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Internal", description = "For service identities only (roles 'agent' and 'transfer')")
public class KernelResource {

    private final KernelRegistry registry;
    private final CurrentCaller caller;

    public KernelResource(KernelRegistry registry, CurrentCaller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Register a kernel; answers its integration folders and queues the restore of the manifest")
    @APIResponse(responseCode = "200", description = "Registered")
    @APIResponse(responseCode = "400", description = "Invalid field, or the user is not a member")
    @APIResponse(responseCode = "403", description = "Caller is not an agent")
    @APIResponse(responseCode = "404", description = "No such project")
    @APIResponse(responseCode = "409", description = "The kernel id is registered for another project or user")
    public Uni<KernelView> register(@Valid @NotNull KernelRegistration body) {
        return registry.register(caller.get(), body);
    }

    @PUT
    @Path("/{kernelId}/heartbeat")
    @Operation(summary = "Keep a kernel registered; answers the integration folders it may use now")
    @APIResponse(responseCode = "200", description = "Alive")
    @APIResponse(responseCode = "403", description = "Caller is not an agent")
    @APIResponse(responseCode = "404", description = "Unknown kernel: register again")
    public Uni<KernelView> heartbeat(@RestPath String kernelId) {
        return registry.heartbeat(caller.get(), kernelId);
    }

    @DELETE
    @Path("/{kernelId}")
    @Operation(summary = "Deregister a kernel that stops")
    @APIResponse(responseCode = "204", description = "Deregistered")
    @APIResponse(responseCode = "403", description = "Caller is not an agent")
    @APIResponse(responseCode = "404", description = "Unknown kernel")
    public Uni<RestResponse<Void>> deregister(@RestPath String kernelId) {
        return registry.deregister(caller.get(), kernelId).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("/{kernelId}/integrations/{slug}/access")
    @Operation(summary = "May a file of this kernel move through this integration now? With location and credentials if so")
    @APIResponse(responseCode = "200", description = "The decision; a refusal carries a reason code")
    @APIResponse(responseCode = "400", description = "Invalid direction")
    @APIResponse(responseCode = "403", description = "Caller is not the transfer-service")
    public Uni<AccessResolution> access(@RestPath String kernelId, @RestPath String slug, @RestQuery String direction) {
        return registry.resolve(caller.get(), kernelId, slug, KernelRegistry.Direction.parse(direction));
    }
}
