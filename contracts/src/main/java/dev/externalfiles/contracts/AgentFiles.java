package dev.externalfiles.contracts;

/** The watcher-agent's file API as the transfer-service calls it (see docs/architecture.md). */
public final class AgentFiles {

    /** Path of a file: {@code /v1/files/{slug}/{path}}, each path segment percent-encoded. */
    public static final String PATH = "/v1/files";
    /** Response header with the lower-case hex sha256 of the bytes served or stored. */
    public static final String CONTENT_SHA256 = "X-Content-SHA256";
    /** Request header of a PUT: the sha256 the stored bytes must have, or 422 and nothing stored. */
    public static final String EXPECTED_SHA256 = "X-Expected-SHA256";
    /** Request header of a PUT: the size the stored bytes must have, or 422 and nothing stored. */
    public static final String EXPECTED_SIZE = "X-Expected-Size";

    private AgentFiles() {
    }
}
