package dev.externalfiles.integration.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.externalfiles.integration.config.OutboxConfig;
import dev.externalfiles.integration.domain.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker acknowledged
 * them. Rows are locked with SKIP LOCKED so replicas share the work without publishing a row
 * twice at the same time; a crash between publish and delete republishes (at least once).
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel whose records carry their topic in metadata; see application.properties. */
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> emitter, OutboxConfig config, Vertx vertx) {
        this.emitter = emitter;
        this.config = config;
        this.vertx = vertx;
    }

    /** Asks for a round now, after a transaction that wrote to the outbox has committed. */
    public void poke() {
        // A fresh duplicated context, so the round never shares the request's Hibernate session.
        var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> drain().subscribe().with(n -> {
        }, e -> LOG.warnf("outbox relay round failed: %s", e.toString())));
    }

    // Delayed so the first round never runs before the Kafka channel is connected.
    @Scheduled(every = "${external-files.outbox.interval:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRound() {
        return drain().replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("outbox relay round failed: %s", e.toString());
            return null;
        });
    }

    /** Publishes until the outbox is empty; one round at a time per replica. */
    Uni<Integer> drain() {
        if (!running.compareAndSet(false, true)) {
            // A round is under way: it goes on while pokes arrive; the timer catches any race.
            again.set(true);
            return Uni.createFrom().item(0);
        }
        return Uni.createFrom().deferred(() -> drainFrom(0)).onTermination().invoke(() -> running.set(false));
    }

    private Uni<Integer> drainFrom(int published) {
        again.set(false);
        return publishBatch().chain(n -> n >= config.batchSize() || again.get()
                ? drainFrom(published + n)
                : Uni.createFrom().item(published + n));
    }

    @SuppressWarnings("unchecked")
    private Uni<Integer> publishBatch() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT * FROM outbox_event ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
                        OutboxEvent.class)
                .setParameter("limit", config.batchSize())
                .getResultList()
                .chain(rows -> publish(rows).chain(() -> delete(session, rows)))));
    }

    private Uni<Void> publish(List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = rows.stream().map(row -> emitter.sendMessage(Message.of(row.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                        .withTopic(row.topic)
                        .withKey(row.eventKey)
                        .build())))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static Uni<Integer> delete(Mutiny.Session session, List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Long> ids = rows.stream().map(r -> r.id).toList();
        return session.createMutationQuery("DELETE FROM OutboxEvent WHERE id IN :ids").setParameter("ids", ids)
                .executeUpdate();
    }

}
