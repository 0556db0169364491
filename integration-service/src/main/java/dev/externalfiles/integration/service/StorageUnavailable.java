package dev.externalfiles.integration.service;

/** The bucket's store did not answer in time or answered with a server error. */
public class StorageUnavailable extends ProblemException {
    public StorageUnavailable(String detail) {
        super(502, "storage-unavailable", "Storage unavailable", detail, null);
    }
}
