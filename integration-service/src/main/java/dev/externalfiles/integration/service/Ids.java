package dev.externalfiles.integration.service;

import java.util.regex.Pattern;

/** Shape of the ids the platform gives us (workspaces, projects, users, kernels). */
public final class Ids {

    /** Letters, digits, '.', '_', '-'; starts with a letter or digit; at most 64 characters. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Ids() {
    }

    public static String require(String field, String id) {
        if (id == null || !COMPILED.matcher(id).matches()) {
            throw new InvalidInput(field, "must match " + PATTERN);
        }
        return id;
    }
}
