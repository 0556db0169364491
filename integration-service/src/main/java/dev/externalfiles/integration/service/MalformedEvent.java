package dev.externalfiles.integration.service;

/** A Kafka message that can never be handled (bad JSON, missing fields, unknown transfer): dead-lettered. */
public class MalformedEvent extends RuntimeException {
    public MalformedEvent(String reason) {
        super(reason, null, false, false);
    }

    public MalformedEvent(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
