package dev.externalfiles.integration.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.integration.domain.AuditEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Reads the audit log for workspace admins. */
@ApplicationScoped
public class AuditQueries {

    private static final int MAX = 1000;

    public Uni<List<AuditEvent>> list(Caller caller, String workspaceId, Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX);
        }
        return Panache.withSession(() -> IntegrationService.memberOf(caller, workspaceId)
                .invoke(ctx -> AccessPolicy.requireAuditReader(ctx.workspace(), ctx.member()))
                .chain(() -> AuditEvent.<AuditEvent> find("workspaceId = ?1 order by id desc", workspaceId)
                        .page(0, size).list()));
    }
}
