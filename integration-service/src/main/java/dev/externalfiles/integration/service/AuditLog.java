package dev.externalfiles.integration.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.integration.domain.AuditEvent;
import io.smallrye.mutiny.Uni;

/** Records who did what, inside the caller's transaction; callers never pass a secret. */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> record(String actor, String action, String workspaceId, String target, String details) {
        AuditEvent event = new AuditEvent();
        event.occurredAt = Instant.now();
        event.actor = actor;
        event.action = action;
        event.workspaceId = workspaceId;
        event.target = target;
        event.details = details == null || details.length() <= 4000 ? details : details.substring(0, 4000);
        return event.persist().replaceWithVoid();
    }
}
