package dev.externalfiles.integration.service;

/** S3 refused the credentials or the bucket while we checked them; nothing was stored. */
public class BucketCheckFailed extends ProblemException {
    public BucketCheckFailed(String detail, String field) {
        super(422, "bucket-check-failed", "Bucket check failed", detail, field);
    }
}
