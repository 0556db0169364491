package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The process listening on a TCP port of this machine, found as {@code ss -ltnp} finds it: the
 * listening sockets of /proc/net/tcp and tcp6 give the socket's inode, and the process holding a
 * descriptor of that socket is the listener. Used to measure the CPU of the stack's servers
 * (S3Proxy, Kafka, PostgreSQL), which dev/stack starts and the benchmark does not.
 */
final class ListeningProcess {

    /** State of a listening socket in /proc/net/tcp. */
    private static final String LISTEN = "0A";

    private ListeningProcess() {
    }

    /** The pid listening on {@code port}, if one of this user's processes does. */
    static OptionalLong on(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            for (Path process : CpuMeter.processFolders()) {
                if (holdsSocket(process, inodes)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // No /proc: not found.
        }
        return OptionalLong.empty();
    }

    private static Set<String> listeningInodes(int port) {
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(localPort) && LISTEN.equals(fields[3])) {
                        inodes.add(fields[9]);
                    }
                }
            } catch (IOException e) {
                // No IPv6 (or no /proc/net at all): the other table, or nothing.
            }
        }
        return inodes;
    }

    private static boolean holdsSocket(Path process, Set<String> inodes) {
        try (var descriptors = Files.list(process.resolve("fd"))) {
            for (Path descriptor : descriptors.toList()) {
                String target = Files.readSymbolicLink(descriptor).toString();
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Another user's process, or one that ended meanwhile.
        }
        return false;
    }
}
