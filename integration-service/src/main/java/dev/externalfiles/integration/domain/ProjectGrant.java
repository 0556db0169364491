package dev.externalfiles.integration.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's permission on a project (can view, can explore, can edit, full access). */
@Entity
@Table(name = "project_permission")
@IdClass(ProjectGrant.Key.class)
public class ProjectGrant extends PanacheEntityBase {
    @Id
    @Column(name = "project_id")
    public String projectId;
    @Id
    @Column(name = "user_id")
    public String userId;
    @Enumerated(EnumType.STRING)
    public ProjectPermission permission;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String projectId;
        public String userId;

        public Key() {
        }

        public Key(String projectId, String userId) {
            this.projectId = projectId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(projectId, k.projectId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectId, userId);
        }
    }
}
