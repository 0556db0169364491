package dev.externalfiles.integration.service;

/** The thing asked for does not exist (or the caller may not know that it does). */
public class NotFound extends ProblemException {
    public NotFound(String what, Object id) {
        super(404, "not-found", "Not found", what + " '" + id + "' does not exist", null);
    }
}
