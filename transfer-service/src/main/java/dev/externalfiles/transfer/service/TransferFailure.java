package dev.externalfiles.transfer.service;

/**
 * Why a transfer did not succeed: a stable code for machines, a message for people, and
 * whether trying again could help. Retryable failures are retried with backoff; permanent ones
 * end the transfer at once as FAILED; {@code skip} ends it as SKIPPED (nothing to do).
 */
public class TransferFailure extends RuntimeException {

    /** What becomes of the transfer. */
    public enum Outcome {
        RETRY,
        FAIL,
        SKIP
    }

    private final String code;
    private final Outcome outcome;

    private TransferFailure(String code, String message, Outcome outcome, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.outcome = outcome;
    }

    public static TransferFailure retryable(String code, String message, Throwable cause) {
        return new TransferFailure(code, message, Outcome.RETRY, cause);
    }

    public static TransferFailure permanent(String code, String message) {
        return new TransferFailure(code, message, Outcome.FAIL, null);
    }

    public static TransferFailure skip(String code, String message) {
        return new TransferFailure(code, message, Outcome.SKIP, null);
    }

    public String code() {
        return code;
    }

    public Outcome outcome() {
        return outcome;
    }
}
