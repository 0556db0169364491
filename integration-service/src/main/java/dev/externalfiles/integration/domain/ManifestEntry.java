package dev.externalfiles.integration.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A file imported into a project; every kernel of the project gets it back on start. */
@Entity
@Table(name = "manifest_entry")
public class ManifestEntry extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "integration_id")
    public UUID integrationId;
    @Column(name = "object_key")
    public String objectKey;
    public String path;
    @Column(name = "imported_by")
    public String importedBy;
    @Column(name = "imported_at")
    public Instant importedAt;
    public Long size;
    public String etag;
    @Column(name = "version_id")
    public String versionId;
    public String sha256;
}
