package dev.externalfiles.integration.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Access to an integration for one user, or for the whole workspace when userId is null. */
@Entity
@Table(name = "access_grant")
public class AccessGrant extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "integration_id")
    public UUID integrationId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "granted_by")
    public String grantedBy;
    @Column(name = "granted_at")
    public Instant grantedAt;

    public boolean isWorkspaceWide() {
        return userId == null;
    }
}
