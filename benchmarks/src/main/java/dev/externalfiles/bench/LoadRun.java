package dev.externalfiles.bench;

/**
 * One wrk run against one target, with what the machine did meanwhile: integration-service's peak
 * resident set, and the cores kept busy by integration-service, by S3Proxy and by the whole machine
 * (load generator, database and any other work included).
 */
record LoadRun(WrkReport wrk, long peakRssBytes, double serviceCores, double s3ProxyCores, double machineCores) {
}
