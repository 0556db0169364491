package dev.externalfiles.integration.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A notebook project of a workspace, mirrored here by the platform. */
@Entity
public class Project extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    public String name;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
