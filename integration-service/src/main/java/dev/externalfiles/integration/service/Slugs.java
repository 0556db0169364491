package dev.externalfiles.integration.service;

import java.util.Locale;

/** The product's slug rule: lower-case, spaces to underscores, drop all but a-z, 0-9 and _. */
public final class Slugs {

    private Slugs() {
    }

    /** "Hex's Testing Bucket" becomes "hexs_testing_bucket"; the result may be empty. */
    public static String of(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace(' ', '_');
        StringBuilder slug = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                slug.append(c);
            }
        }
        return slug.toString();
    }
}
