package dev.externalfiles.e2e;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.GroupState;

import dev.externalfiles.contracts.Topics;
import dev.externalfiles.testsupport.Stack;

/**
 * The local stack's broker is shared, and its topic names are fixed. Any other transfer-service
 * running on it (dev/run, another module's ITs), whatever its consumer group, reads this story's
 * import requests and file changes too, asks its own integration-service, which does not know
 * this story's kernel, and reports KERNEL_NOT_REGISTERED for transfers this story's
 * integration-service then records as ended. The story needs the broker's transfer topics to
 * itself; this says so up front instead of failing later in a confusing way.
 */
final class SharedBroker {

    private static final Set<String> TRANSFER_TOPICS = Set.of(Topics.IMPORT_REQUESTS, Topics.FILE_CHANGES);

    /** Longer than the broker's default consumer session timeout (45 s). */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(60);

    private SharedBroker() {
    }

    /**
     * Fails if a consumer group other than {@code ownGroups} still has members reading the transfer
     * topics after {@link #GRACE}: a member of a process killed just before (another module's fault
     * tests) stays in its group until the broker's session timeout expires.
     */
    static void requireNoOtherTransferService(Set<String> ownGroups) {
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<String> others = readersOfTransferTopics().stream().filter(g -> !ownGroups.contains(g)).toList();
        while (!others.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            others = readersOfTransferTopics().stream().filter(g -> !ownGroups.contains(g)).toList();
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("Another system's transfer-service is running on the shared broker (consumer groups "
                    + others + " read " + TRANSFER_TOPICS + "). It would take part in this story's transfers and record "
                    + "them as KERNEL_NOT_REGISTERED. Stop it (dev/run, other ITs) and run the e2e suite again.");
        }
    }

    private static List<String> readersOfTransferTopics() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Stack.kafkaBootstrap()))) {
            List<String> live = admin.listGroups(ListGroupsOptions.forConsumerGroups().inGroupStates(Set.of(
                    GroupState.STABLE, GroupState.PREPARING_REBALANCE, GroupState.COMPLETING_REBALANCE,
                    GroupState.ASSIGNING, GroupState.RECONCILING)))
                    .all().get().stream().map(GroupListing::groupId).toList();
            if (live.isEmpty()) {
                return List.of();
            }
            return admin.describeConsumerGroups(live).all().get().values().stream()
                    .filter(SharedBroker::readsTransferTopics).map(ConsumerGroupDescription::groupId).sorted().toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list the broker's consumer groups", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean readsTransferTopics(ConsumerGroupDescription group) {
        return group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                .anyMatch(p -> TRANSFER_TOPICS.contains(p.topic()));
    }
}
