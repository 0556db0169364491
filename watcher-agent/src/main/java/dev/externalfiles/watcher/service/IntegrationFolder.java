package dev.externalfiles.watcher.service;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One integration the kernel's user may use, and its folder {@code external-files/<type>/<slug>/}
 * below the project directory.
 */
public record IntegrationFolder(UUID integrationId, String type, String slug, boolean writeback) {

    /** What a slug and a type may look like (the integration-service's slug rule); anything else is no folder name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,128}");

    public static final String ROOT = "external-files";

    public IntegrationFolder {
        if (type == null || !NAME.matcher(type).matches() || slug == null || !NAME.matcher(slug).matches()) {
            throw new IllegalArgumentException("not a safe integration type and slug: " + type + "/" + slug);
        }
    }

    /** The folder's segments below the project directory. */
    public List<String> segments() {
        return List.of(ROOT, type, slug);
    }

    /** The store key of a file in this folder: {@code type/slug/path}. */
    public String keyOf(String path) {
        return type + "/" + slug + "/" + path;
    }

    @Override
    public String toString() {
        return ROOT + "/" + type + "/" + slug + "/";
    }
}
