package dev.externalfiles.integration.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One object moved one way between a bucket and a kernel, with its latest reported state. */
@Entity
public class Transfer extends PanacheEntityBase {
    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public TransferKind kind;
    @Enumerated(EnumType.STRING)
    public TransferState state;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "integration_id")
    public UUID integrationId;
    @Column(name = "kernel_id")
    public String kernelId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "object_key")
    public String objectKey;
    public String path;
    public long bytes;
    @Column(name = "total_bytes")
    public Long totalBytes;
    public String etag;
    @Column(name = "version_id")
    public String versionId;
    public String sha256;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
