package dev.externalfiles.integration.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import dev.externalfiles.contracts.ChecksumMode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A cloud storage integration of a workspace. The secret is held only as AES-256-GCM
 * ciphertext; this entity never leaves the service layer as JSON.
 */
@Entity
public class Integration extends PanacheEntityBase {
    public static final String TYPE_S3 = "s3";

    @Id
    public UUID id;
    @Column(name = "workspace_id")
    public String workspaceId;
    public String type;
    public String name;
    public String slug;
    public String bucket;
    public String region;
    @Column(name = "root_prefix")
    public String rootPrefix;
    public String endpoint;
    @Column(name = "path_style")
    public boolean pathStyle;
    @Enumerated(EnumType.STRING)
    @Column(name = "checksum_mode")
    public ChecksumMode checksumMode;
    @Column(name = "access_key_id")
    public String accessKeyId;
    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;
    @Column(name = "secret_key_id")
    public String secretKeyId;
    public boolean writeback;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
