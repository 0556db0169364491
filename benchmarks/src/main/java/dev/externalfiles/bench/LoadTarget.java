package dev.externalfiles.bench;

import java.util.function.Predicate;

/**
 * One URL put under load: the name the table gives it, whether it needs the user's bearer token,
 * whether integration-service serves it (its memory is then sampled), and what a right answer
 * holds, checked on a 200 before every run so that no figure is ever taken of refusals or of an
 * empty listing.
 */
record LoadTarget(String name, String url, boolean bearer, boolean servedByIntegrationService, String expectation,
        Predicate<String> answersRight) {
}
