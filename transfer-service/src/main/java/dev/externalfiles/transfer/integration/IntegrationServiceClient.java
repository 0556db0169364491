package dev.externalfiles.transfer.integration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.externalfiles.contracts.AccessResolution;
import io.quarkus.oidc.client.filter.OidcClientFilter;

/** integration-service's internal API, called with this service's own client-credentials token. */
@RegisterRestClient(configKey = "integration-service")
@OidcClientFilter
@Path("/internal/v1/kernels")
public interface IntegrationServiceClient {

    /** Blocking on purpose: transfers run on worker threads. */
    @GET
    @Path("/{kernelId}/integrations/{slug}/access")
    AccessResolution access(@PathParam("kernelId") String kernelId, @PathParam("slug") String slug,
            @QueryParam("direction") String direction);
}
