package dev.externalfiles.watcher.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.externalfiles.contracts.AgentFiles;
import dev.externalfiles.watcher.fs.RelativePath;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses unsafe file paths as the client sent them, before routing: the HTTP layer removes
 * dot segments and empty segments from the path it routes ({@code a/../../b} would silently
 * become another file, even in another integration's folder), so the check must see the raw URI.
 * It therefore runs before authentication too; it reveals nothing but the path rule.
 */
public class RawPathGuard {

    private static final String PREFIX = AgentFiles.PATH + "/";

    @ServerRequestFilter(preMatching = true)
    public Response refuseUnsafePaths(HttpServerRequest request) {
        // The path as sent (also for an absolute-form request line), before any normalization.
        String raw = request.path();
        if (raw == null || !raw.startsWith(PREFIX)) {
            return null;
        }
        String rest = raw.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null; // no file path: routing answers
        }
        try {
            RelativePath.ofEncoded(rest.substring(0, slash));
            RelativePath.ofEncoded(rest.substring(slash + 1));
            return null;
        } catch (RelativePath.UnsafePath e) {
            return ProblemMappers.respond(Problem.of("invalid-path", "Invalid path", 400,
                    "The path is refused: " + e.getMessage(), "path"));
        }
    }
}
