package dev.externalfiles.contracts;

/** Kafka topic names; each must match dev/stack's topic list and deploy/'s KafkaTopic resources. */
public final class Topics {
    public static final String IMPORT_REQUESTS = "import-requests";
    public static final String FILE_CHANGES = "file-changes";
    public static final String TRANSFER_STATUS = "transfer-status";
    public static final String INTEGRATION_CHANGES = "integration-changes";

    /** Dead-letter topic of a source topic: messages that failed for good, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
