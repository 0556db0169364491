package dev.externalfiles.transfer.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.FileChanged;
import dev.externalfiles.contracts.ImportRequested;
import dev.externalfiles.contracts.IntegrationChanged;
import dev.externalfiles.transfer.integration.TransferAccess;
import dev.externalfiles.transfer.service.ExportService;
import dev.externalfiles.transfer.service.ImportService;
import dev.externalfiles.transfer.service.MalformedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The three topics the service consumes. Transfers run on worker threads (@Blocking, on
 * purpose: they stream between two blocking clients with bounded buffers and may sleep between
 * retries); each channel runs several consumers (see {@code concurrency} in application.properties),
 * each handling its partitions in order, so a file's events stay ordered while several files move
 * at once. A message is acknowledged, and its offset committed, only after it was handled.
 */
@ApplicationScoped
public class TransferConsumers {

    private final ImportService imports;
    private final ExportService exports;
    private final TransferAccess access;
    private final ObjectMapper json;

    public TransferConsumers(ImportService imports, ExportService exports, TransferAccess access, ObjectMapper json) {
        this.imports = imports;
        this.exports = exports;
        this.access = access;
        this.json = json;
    }

    @Incoming("import-requests")
    @Blocking
    public void onImportRequested(String payload) {
        imports.handle(read(payload, ImportRequested.class, ImportRequested.TYPE));
    }

    @Incoming("file-changes")
    @Blocking
    public void onFileChanged(String payload) {
        exports.handle(read(payload, FileChanged.class, FileChanged.TYPE));
    }

    /** Every replica hears every change (its own consumer group) and drops its cached answers. */
    @Incoming("integration-changes")
    public void onIntegrationChanged(String payload) {
        IntegrationChanged change = read(payload, IntegrationChanged.class, IntegrationChanged.TYPE);
        access.forget(change.integrationId(), change.slug());
    }

    private <T> T read(String payload, Class<T> type, String expectedType) {
        T event;
        try {
            event = json.readValue(payload, type);
        } catch (Exception e) {
            throw new MalformedEvent("unreadable " + expectedType + ": " + e.getMessage());
        }
        if (event == null) {
            throw new MalformedEvent("empty " + expectedType);
        }
        String actualType = json.valueToTree(event).path("type").asText(null);
        if (actualType != null && !expectedType.equals(actualType)) {
            throw new MalformedEvent("expected a " + expectedType + ", got a " + actualType);
        }
        return event;
    }
}
