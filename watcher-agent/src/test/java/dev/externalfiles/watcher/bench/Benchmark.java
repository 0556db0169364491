package dev.externalfiles.watcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.Stack;
import dev.externalfiles.watcher.support.World;

/**
 * Not a test: measures the packaged agent (production JVM flags) against the local stack and
 * prints a table. RSS when idle, RSS while watching many files (and its peak while publishing
 * them), and the time from a file's close to its FileChanged being readable from the broker
 * (which includes the broker's acknowledgement to the agent and the fetch by a consumer, so it is
 * an upper bound of close-to-ack). Run with watcher-agent/bench/run.sh.
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        World world = World.create("bench");
        World.Integration integration = world.integration("Bench " + world.tag);
        try (Agent agent = Agent.start(world, "bench")) {
            Path folder = agent.folder(integration.slug());
            long pid = agent.process().pid();
            Arrivals arrivals = new Arrivals(agent.kernelId);
            arrivals.start();

            Thread.sleep(5_000);
            long idle = status(pid, "VmRSS");

            // Many files at once, in 100 folders, as a notebook unpacking a data set would write them.
            Instant burstStart = Instant.now();
            for (int d = 0; d < 100; d++) {
                Path dir = Files.createDirectories(folder.resolve("set/d" + d));
                for (int i = 0; i < files / 100; i++) {
                    Files.writeString(dir.resolve("f" + i + ".csv"), "id,value\n" + d + "," + i + "\n");
                }
            }
            arrivals.await(n -> n >= files, Duration.ofMinutes(10));
            Duration burst = Duration.between(burstStart, Instant.now());
            Thread.sleep(5_000);
            long watching = status(pid, "VmRSS");
            long peak = status(pid, "VmHWM");

            // Latency, one file at a time, with a short pause so each close is a fresh event.
            List<Long> latencies = new ArrayList<>();
            Path latency = Files.createDirectories(folder.resolve("latency"));
            for (int i = 0; i < samples + 20; i++) {
                String name = "latency/l" + i + ".txt";
                Files.writeString(latency.resolve("l" + i + ".txt"), "sample " + i);
                long closed = System.nanoTime();
                long seen = arrivals.awaitPath(name, Duration.ofSeconds(30));
                if (i >= 20) { // the first ones warm the JIT of both sides
                    latencies.add(seen - closed);
                }
                Thread.sleep(20);
            }
            Collections.sort(latencies);
            arrivals.stopReading();
            double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);

            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| RSS idle (registered, 1 integration folder) | %d MiB |%n", idle / 1024);
            System.out.printf("| RSS watching %,d files in 101 folders (after publishing them) | %d MiB |%n", files,
                    watching / 1024);
            System.out.printf("| peak RSS while publishing the %,d files | %d MiB |%n", files, peak / 1024);
            System.out.printf("| %,d files written at once: all FileChanged readable after | %.1f s |%n", files,
                    burst.toMillis() / 1000.0);
            System.out.printf("| close -> FileChanged readable from the broker, p50 (%d files) | %.1f ms |%n",
                    latencies.size(), percentile(latencies, 50) / 1e6);
            System.out.printf("| close -> FileChanged readable from the broker, p99 | %.1f ms |%n",
                    percentile(latencies, 99) / 1e6);
            System.out.printf("| close -> FileChanged readable from the broker, max | %.1f ms |%n",
                    latencies.get(latencies.size() - 1) / 1e6);
            System.out.printf("| machine load average (1 min) at the end | %.2f |%n", load);
        } finally {
            IntegrationService.stop();
            System.exit(0);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** A line of /proc/PID/status in KiB (VmRSS now, VmHWM the peak). */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** Reads file-changes on its own thread and notes when each path of the kernel arrived. */
    private static final class Arrivals extends Thread {
        private final String kernelId;
        private final Map<String, Long> arrived = new ConcurrentHashMap<>();
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final KafkaConsumer<String, String> consumer;

        Arrivals(String kernelId) {
            super("arrivals");
            this.kernelId = kernelId;
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor("file-changes").stream()
                    .map(p -> new TopicPartition("file-changes", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        @Override
        public void run() {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    if (record.key() != null && record.key().startsWith(kernelId + "/")) {
                        try {
                            arrived.putIfAbsent((String) JSON.readValue(record.value(), Map.class).get("path"), now);
                            count.incrementAndGet();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            consumer.close();
        }

        void await(java.util.function.IntPredicate done, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!done.test(count.get())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + count.get() + " events arrived");
                }
                Thread.sleep(50);
            }
        }

        long awaitPath(String path, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                Long at = arrived.get(path);
                if (at != null) {
                    return at;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(path + " never arrived");
                }
                Thread.onSpinWait();
            }
        }

        void stopReading() {
            running.set(false);
        }
    }
}
