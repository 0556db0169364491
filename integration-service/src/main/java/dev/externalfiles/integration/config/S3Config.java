package dev.externalfiles.integration.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service talks to customers' buckets (validation and browsing only). */
@ConfigMapping(prefix = "external-files.s3")
public interface S3Config {

    /**
     * Custom endpoints (scheme://host[:port], lower case) that skip the https and address
     * checks; for local runs and tests against an S3-compatible server on loopback. Empty in
     * production.
     */
    Optional<List<String>> allowedEndpoints();

    /** Time limit of one S3 call made while checking credentials or browsing. */
    @WithDefault("10s")
    Duration callTimeout();

    /** Largest page a browse may ask for (S3 caps a listing page at 1000). */
    @WithDefault("1000")
    int maxPageSize();

    /** Page size of a browse that asks for none. */
    @WithDefault("200")
    int defaultPageSize();
}
