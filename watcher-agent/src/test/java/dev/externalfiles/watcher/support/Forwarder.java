package dev.externalfiles.watcher.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP forwarder from a local port to integration-service: lets a test decide when the
 * registry becomes reachable at the address an agent was given. Until {@link #forwardTo} it holds
 * the port and closes every connection at once, so no other process can take the port meanwhile.
 */
public final class Forwarder implements AutoCloseable {

    private final ServerSocket server;
    private volatile int target;

    private Forwarder() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "forwarder-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** A port that refuses service (connections are closed at once) until told where to forward. */
    public static Forwarder closed() {
        try {
            return new Forwarder();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public void forwardTo(int port) {
        this.target = port;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (target == 0) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream);
            } catch (IOException e) {
                // Closed, or the target refused: the caller sees a failed call.
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try (a; b) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed.
            }
        }, "forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
