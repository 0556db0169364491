package dev.externalfiles.integration.service;

/** The request conflicts with the current state (a slug taken, a stale version). */
public class Conflict extends ProblemException {
    public Conflict(String type, String title, String detail, String field) {
        super(409, type, title, detail, field);
    }

    public static Conflict slugTaken(String slug) {
        return new Conflict("slug-taken", "Slug taken",
                "Another integration of this workspace already has the slug '" + slug + "'; choose another name", "name");
    }

    public static Conflict staleVersion(long given, long current) {
        return new Conflict("stale-version", "Stale version",
                "The integration was changed since version " + given + " (now " + current + "); reload it and retry",
                "version");
    }
}
