package dev.externalfiles.watcher.rest;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PathPart;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import dev.externalfiles.contracts.AgentFiles;
import dev.externalfiles.watcher.config.FileApiConfig;
import dev.externalfiles.watcher.service.FileService;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The agent's file API, for the transfer-service only: streams files out of and into the
 * integration folders. Both methods are {@code @Blocking} on purpose: they read and write the
 * disk and wait on the request body and the client, which must never happen on a Vert.x event
 * loop (virtual threads are not an option on Java 17). A stored body is read through a
 * {@link ReadAheadBody}, not RESTEasy's stream.
 */
@Path(AgentFiles.PATH + "/{slug}")
@RolesAllowed("${watcher.security.transfer-role}")
@Tag(name = "Files", description = "For the transfer-service only (role 'transfer')")
public class FileResource {

    private final FileService files;
    private final FileApiConfig config;

    public FileResource(FileService files, FileApiConfig config) {
        this.files = files;
        this.config = config;
    }

    @GET
    @Path("{path: .+}")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Stream a file of an integration folder, with its sha256")
    @APIResponse(responseCode = "200", description = "The bytes; X-Content-SHA256 and Content-Length say what they are")
    @APIResponse(responseCode = "400", description = "Unsafe path (traversal, backslash, control characters, too long)")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Caller is not the transfer-service")
    @APIResponse(responseCode = "404", description = "Unknown slug, or no regular file there (symbolic links are never served)")
    @APIResponse(responseCode = "409", description = "The file changed while it was hashed")
    @APIResponse(responseCode = "412", description = "If-Match names a sha256 the file no longer has")
    public Response get(@RestPath String slug, @Encoded @RestPath String path,
            @RestHeader(HttpHeaders.IF_MATCH) String ifMatch, RoutingContext exchange) {
        FileService.Served served = files.open(slug, path, Optional.ofNullable(ifMatch));
        // Sent with sendfile from the open file's /proc path (see Served), which must stay open until the response has
        // ended, however it ends. Vert.x sets Content-Length from the count given here.
        exchange.addEndHandler(ended -> served.close());
        return Response.ok(new PathPart(served.path(), 0, served.stat().size()), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(AgentFiles.CONTENT_SHA256, served.sha256())
                .build();
    }

    @PUT
    @Path("{path: .+}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a file atomically (temporary file, fsync, rename); it is not exported back")
    @RequestBody(required = true, description = "The file's bytes, read through a ReadAheadBody")
    @APIResponse(responseCode = "200", description = "Stored; the body says the sha256, size and CRC32C written")
    @APIResponse(responseCode = "400", description = "Unsafe path or malformed header, or the body broke off before its end (nothing stored)")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Caller is not the transfer-service")
    @APIResponse(responseCode = "404", description = "Unknown slug")
    @APIResponse(responseCode = "408", description = "The body stopped arriving for watcher.file-api.body-timeout; nothing stored")
    @APIResponse(responseCode = "409", description = "A folder is in the way, or a folder on the path is a file or a link")
    @APIResponse(responseCode = "422", description = "The bytes do not match X-Expected-SHA256 or X-Expected-Size; nothing stored")
    public FileService.Stored put(@RestPath String slug, @Encoded @RestPath String path,
            @RestHeader(AgentFiles.EXPECTED_SHA256) String expectedSha256,
            @RestHeader(AgentFiles.EXPECTED_SIZE) String expectedSize, RoutingContext exchange) {
        try (ReadAheadBody body = new ReadAheadBody(exchange, config.readAhead(), config.bodyTimeout())) {
            return files.store(slug, path, body, Optional.ofNullable(expectedSha256), Optional.ofNullable(expectedSize));
        }
    }
}
