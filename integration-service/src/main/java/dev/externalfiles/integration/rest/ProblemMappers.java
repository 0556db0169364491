package dev.externalfiles.integration.rest;

import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.externalfiles.integration.service.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Maps every error a client can cause to problem+json, once, here. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return respond(Problem.of(e.type(), e.title(), e.status(), e.detail(), e.field()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
        String field = leaf(first.getPropertyPath().toString());
        String detail = e.getConstraintViolations().stream()
                .map(v -> "'" + leaf(v.getPropertyPath().toString()) + "' " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return respond(Problem.of("invalid-input", "Invalid input", 400, detail, field));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = null;
        String detail = "The body is not valid JSON";
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = e instanceof InvalidFormatException f
                    ? "'" + field + "' has a value of the wrong form: " + String.valueOf(f.getValue())
                    : "'" + field + "' has a value of the wrong type";
        }
        return respond(Problem.of("malformed-body", "Malformed body", 400, detail, field));
    }

    /** Two admins saved the same version at once; the loser reloads, as with a stale version. */
    @ServerExceptionMapper({ jakarta.persistence.OptimisticLockException.class, org.hibernate.StaleStateException.class })
    public Response concurrentChange(RuntimeException e) {
        return respond(Problem.of("stale-version", "Stale version",
                409, "Someone else changed this at the same moment; reload it and retry", "version"));
    }

    /** A concurrent request created the same thing between our check and our insert. */
    @ServerExceptionMapper
    public Response concurrentInsert(org.hibernate.exception.ConstraintViolationException e) {
        return respond(Problem.of("conflict", "Conflict", 409, "A concurrent request changed the same data; retry", null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("access-denied", "Access denied", 403, "Your identity may not call this endpoint", null));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of("unauthorized", "Unauthorized", 401, "A valid bearer token is required", null)).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus REST wraps a body Jackson cannot read in a 400; say what was wrong with it.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return unreadableJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status == 415 ? "Send the body as application/json" : title;
        return respond(Problem.of(title.toLowerCase().replace(' ', '-'), title, status, detail, null));
    }

    /** Anything unforeseen: logged with an id, answered without internals. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String id = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "request failed unexpectedly, error id %s", id);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The request failed on our side; quote error id " + id + " when reporting it", null));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
