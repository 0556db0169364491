package dev.externalfiles.transfer.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.FileChanged;
import dev.externalfiles.contracts.ImportRequested;
import dev.externalfiles.contracts.IntegrationChanged;
import dev.externalfiles.transfer.integration.TransferAccess;
import dev.externalfiles.transfer.service.ExportService;
import dev.externalfiles.transfer.service.FileOrder;
import dev.externalfiles.transfer.service.ImportService;
import dev.externalfiles.transfer.service.MalformedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The three topics the service consumes. Imports and exports run on worker pools of their own
 * (@Blocking, on purpose: they stream between two blocking clients with bounded buffers and may
 * sleep between retries; two pools, so that a flood of exports never holds up imports), up to
 * {@code transfer.concurrency} of each at once, out of partition order so that many small files
 * move at once even from one partition; {@link FileOrder} keeps the transfers of one file from
 * overlapping. A message is acknowledged only after it was handled,
 * and an offset is committed only once every record before it in its partition was handled
 * (the connector's throttled commit strategy), so nothing is lost when a replica stops.
 */
@ApplicationScoped
public class TransferConsumers {

    /** The worker pools of imports and of exports (sizes: smallrye.messaging.worker.<pool>.max-concurrency). */
    static final String IMPORTS = "imports";
    static final String EXPORTS = "exports";

    private final ImportService imports;
    private final ExportService exports;
    private final TransferAccess access;
    private final ObjectMapper json;
    private final FileOrder order;

    public TransferConsumers(ImportService imports, ExportService exports, TransferAccess access, ObjectMapper json,
            FileOrder order) {
        this.imports = imports;
        this.exports = exports;
        this.access = access;
        this.json = json;
        this.order = order;
    }

    @Incoming("import-requests")
    @Blocking(value = IMPORTS, ordered = false)
    public void onImportRequested(ConsumerRecord<String, String> record) {
        ImportRequested request = read(record.value(), ImportRequested.class, ImportRequested.TYPE);
        order.inOrder(request.kernelId(), request.path(), () -> {
            imports.handle(request, timestampOf(record));
            return null;
        });
    }

    @Incoming("file-changes")
    @Blocking(value = EXPORTS, ordered = false)
    public void onFileChanged(ConsumerRecord<String, String> record) {
        FileChanged event = read(record.value(), FileChanged.class, FileChanged.TYPE);
        order.inOrder(event.kernelId(), event.path(), () -> {
            exports.handle(event, timestampOf(record));
            return null;
        });
    }

    /** When the record was produced (its producer's clock), for the time it spent queued. */
    private static Instant timestampOf(ConsumerRecord<String, String> record) {
        return record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
    }

    /** Every replica hears every change (its own consumer group) and drops its cached answers. */
    @Incoming("integration-changes")
    public void onIntegrationChanged(String payload) {
        IntegrationChanged change = read(payload, IntegrationChanged.class, IntegrationChanged.TYPE);
        access.forget(change.integrationId());
    }

    /** Parsed once into a tree: its type is checked there, then it is bound (no second pass over the payload). */
    private <T> T read(String payload, Class<T> type, String expectedType) {
        JsonNode tree;
        T event;
        try {
            tree = payload == null ? null : json.readTree(payload);
            event = tree == null || tree.isNull() || tree.isMissingNode() ? null : json.treeToValue(tree, type);
        } catch (Exception e) {
            throw new MalformedEvent("unreadable " + expectedType + ": " + e.getMessage());
        }
        if (event == null) {
            throw new MalformedEvent("empty " + expectedType);
        }
        String actualType = tree.path("type").asText(null);
        if (actualType != null && !expectedType.equals(actualType)) {
            throw new MalformedEvent("expected a " + expectedType + ", got a " + actualType);
        }
        return event;
    }
}
