package dev.externalfiles.integration.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.integration.service.TransferView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Live transfer updates for the Server-Sent Events stream. The replica that applies a status
 * NOTIFYs PostgreSQL; every replica LISTENs, so a browser connected to any replica sees every
 * update without replicas sharing memory.
 */
@ApplicationScoped
public class TransferFeed {

    public static final String CHANNEL = "transfer_updates";
    private static final Logger LOG = Logger.getLogger(TransferFeed.class);

    private final BroadcastProcessor<TransferView> processor = BroadcastProcessor.create();
    private final Vertx vertx;
    private final ObjectMapper json;
    private final String url;
    private final String username;
    private final String password;
    private PgSubscriber subscriber;

    public TransferFeed(Vertx vertx, ObjectMapper json, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.json = json;
        this.url = url.replaceFirst("^vertx-reactive:", "");
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(username).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::publish);
        connect();
    }

    /** The subscriber reconnects only after a connection it had; the first one is retried here. */
    private void connect() {
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening for transfer updates"), e -> {
            LOG.warnf("cannot LISTEN for transfer updates yet (%s); retrying in 2 s", e.toString());
            vertx.setTimer(2000, ignored -> connect());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /** Every committed transfer update, from now on. */
    public Multi<TransferView> updates() {
        return processor;
    }

    private void publish(String payload) {
        try {
            processor.onNext(json.readValue(payload, TransferView.class));
        } catch (Exception e) {
            LOG.warnf("ignoring unreadable transfer update: %s", e.toString());
        }
    }
}
