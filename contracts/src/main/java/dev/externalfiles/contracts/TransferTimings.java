package dev.externalfiles.contracts;

/**
 * Where the time of a finished transfer went, in milliseconds, so that a slow transfer can be
 * explained without a profiler. {@code queuedMillis}: from the event's Kafka timestamp until a
 * transfer-service began it (delivery, and waiting behind earlier records of its partition);
 * {@code authorizeMillis}: asking integration-service (or its cached answer);
 * {@code agentMillis}: reading from or writing to the kernel's agent; {@code s3Millis}: waiting
 * on the bucket (lookups, reads, uploads). Each is null when the transfer ended before it.
 */
public record TransferTimings(Long queuedMillis, Long authorizeMillis, Long agentMillis, Long s3Millis) {
}
