package dev.externalfiles.integration.messaging;

/** Kafka topic names; each must match the topics created by dev/stack and deploy/. */
public final class Topics {
    public static final String IMPORT_REQUESTS = "import-requests";
    public static final String INTEGRATION_CHANGES = "integration-changes";
    public static final String TRANSFER_STATUS = "transfer-status";

    private Topics() {
    }
}
