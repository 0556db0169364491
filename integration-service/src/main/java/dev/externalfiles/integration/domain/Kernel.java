package dev.externalfiles.integration.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A running kernel of a project, registered by the watcher-agent beside it. */
@Entity
public class Kernel extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "agent_url")
    public String agentUrl;
    @Column(name = "registered_at")
    public Instant registeredAt;
    @Column(name = "last_heartbeat")
    public Instant lastHeartbeat;
}
