package dev.externalfiles.integration.s3;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * S3 answers on the SDK's own threads and DNS on a worker thread; Hibernate Reactive must go
 * on on the Vert.x context of the request. This hands results back to the subscriber's context.
 */
final class CallerContext {

    private CallerContext() {
    }

    static <T> Uni<T> resumeOnCaller(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? work : work.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }
}
