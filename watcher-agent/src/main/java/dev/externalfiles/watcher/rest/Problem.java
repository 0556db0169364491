package dev.externalfiles.watcher.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail; {@code field} names the request part at fault, when one is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(String type, String title, int status, String detail, String field) {
        return new Problem("urn:external-files:problem:" + type, title, status, detail, field);
    }
}
