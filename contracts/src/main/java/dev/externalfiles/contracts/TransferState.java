package dev.externalfiles.contracts;

/** Life cycle of a transfer; the last three are final. */
public enum TransferState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
