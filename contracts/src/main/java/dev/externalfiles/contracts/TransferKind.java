package dev.externalfiles.contracts;

/** Which way a transfer moves bytes: bucket to kernel (import, restore) or kernel to bucket. */
public enum TransferKind {
    IMPORT,
    RESTORE,
    EXPORT
}
