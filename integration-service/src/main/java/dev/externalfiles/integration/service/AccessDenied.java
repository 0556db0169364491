package dev.externalfiles.integration.service;

/** The caller is known but may not do this; the detail says which rule refused it. */
public class AccessDenied extends ProblemException {
    public AccessDenied(String reason) {
        super(403, "access-denied", "Access denied", reason, null);
    }

    protected AccessDenied(String type, String title, String reason) {
        super(403, type, title, reason, null);
    }
}
