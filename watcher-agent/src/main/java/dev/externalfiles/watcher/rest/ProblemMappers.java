package dev.externalfiles.watcher.rest;

import java.io.UncheckedIOException;
import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.externalfiles.watcher.service.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Maps every error of the file API to problem+json, once, here. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(Problem.of(e.type(), e.title(), e.status(), e.detail(), e.field()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("access-denied", "Access denied", 403,
                "Only the transfer-service may call the file API", null));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of("unauthorized", "Unauthorized", 401, "A valid bearer token is required", null)).build();
    }

    @ServerExceptionMapper
    public Response io(UncheckedIOException e) {
        if (e.getCause() instanceof ReadAheadBody.Incomplete incomplete) {
            // The client's doing (a body that broke off or stopped arriving), not the agent's storage.
            return problem(new ProblemException.IncompleteBody(incomplete.getMessage(), incomplete.timedOut()));
        }
        LOG.errorf("file API: %s", e.getCause().getMessage());
        return respond(Problem.of("io-error", "Storage error", 500, "The agent could not read or write the file", null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return respond(Problem.of(title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, status, title, null));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
