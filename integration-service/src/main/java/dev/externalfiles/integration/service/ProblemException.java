package dev.externalfiles.integration.service;

/**
 * A domain error that the REST layer turns into problem+json (RFC 9457): a status, a stable
 * type name, a title and a detail a person can act on, and the offending field if there is one.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;

    protected ProblemException(int status, String type, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public String field() {
        return field;
    }
}
