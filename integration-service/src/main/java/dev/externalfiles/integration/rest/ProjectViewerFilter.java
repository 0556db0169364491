package dev.externalfiles.integration.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.externalfiles.integration.service.Caller;
import dev.externalfiles.integration.service.ProblemException;
import dev.externalfiles.integration.service.TransferService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/** Checks "may see this project's transfers" for {@link ProjectViewersOnly} endpoints before they stream. */
public class ProjectViewerFilter {

    private final TransferService transfers;
    private final CurrentIdentityAssociation identity;
    private final ProblemMappers problems = new ProblemMappers();

    public ProjectViewerFilter(TransferService transfers, CurrentIdentityAssociation identity) {
        this.transfers = transfers;
        this.identity = identity;
    }

    @ServerRequestFilter
    @ProjectViewersOnly
    public Uni<Response> requireProjectViewer(ContainerRequestContext request) {
        String projectId = request.getUriInfo().getPathParameters().getFirst("projectId");
        return identity.getDeferredIdentity().chain(id -> {
            if (id.isAnonymous()) {
                return Uni.createFrom().item(problems.unauthorized(null));
            }
            return transfers.checkViewer(new Caller(id.getPrincipal().getName(), id.getRoles()), projectId)
                    .replaceWith((Response) null)
                    .onFailure(ProblemException.class).recoverWithItem(e -> problems.domain((ProblemException) e));
        });
    }
}
