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

/** A user's membership of a workspace with their workspace role. */
@Entity
@Table(name = "workspace_member")
@IdClass(WorkspaceMember.Key.class)
public class WorkspaceMember extends PanacheEntityBase {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;
    @Id
    @Column(name = "user_id")
    public String userId;
    @Enumerated(EnumType.STRING)
    public WorkspaceRole role;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String workspaceId;
        public String userId;

        public Key() {
        }

        public Key(String workspaceId, String userId) {
            this.workspaceId = workspaceId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, userId);
        }
    }
}
