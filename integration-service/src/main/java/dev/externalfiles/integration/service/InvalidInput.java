package dev.externalfiles.integration.service;

/** A request field breaks a rule; nothing was stored. */
public class InvalidInput extends ProblemException {
    public InvalidInput(String field, String problem) {
        super(400, "invalid-input", "Invalid input", "'" + field + "' " + problem, field);
    }
}
