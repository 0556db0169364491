package dev.externalfiles.integration.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A platform workspace, mirrored here by the platform with its plan. */
@Entity
public class Workspace extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    @Enumerated(EnumType.STRING)
    public Plan plan;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
