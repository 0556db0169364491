package dev.externalfiles.watcher.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.externalfiles.watcher.support.Tokens;

/**
 * An HTTP/1.1 PUT written by hand on a socket, as the transfer-service's token would send it,
 * for bodies that no HTTP client sends: in tiny pieces, stopped halfway, or dropped.
 */
final class RawRequest implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawRequest(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Sends the request line and headers of a PUT of {@code length} bytes whose sha256 is given
     * ({@code length} -1: a chunked body, sent with {@link #sendChunk}), with {@code headers}
     * ("Name: value") besides.
     */
    static RawRequest put(String baseUrl, String path, long length, String sha256, String... headers) throws IOException {
        URI base = URI.create(baseUrl);
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        RawRequest request = new RawRequest(socket);
        String head = "PUT " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Bearer " + Tokens.transfer() + "\r\n"
                + (length < 0 ? "Transfer-Encoding: chunked\r\n"
                        : "Content-Length: " + length + "\r\nX-Expected-Size: " + length + "\r\n")
                + "X-Expected-SHA256: " + sha256 + "\r\n" + Arrays.stream(headers).map(h -> h + "\r\n")
                        .collect(Collectors.joining()) + "\r\n";
        request.out.write(head.getBytes(StandardCharsets.US_ASCII));
        request.out.flush();
        return request;
    }

    void send(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /** The whole body in pieces of {@code piece} bytes, each flushed on its own, {@code pause} apart. */
    void sendInPieces(byte[] body, int piece, Duration pause) throws IOException, InterruptedException {
        for (int at = 0; at < body.length; at += piece) {
            send(body, at, Math.min(piece, body.length - at));
            Thread.sleep(pause.toMillis());
        }
    }

    /** One chunk of a chunked body; an empty one ends the body. */
    void sendChunk(byte[] bytes, int offset, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads up to the end of the answer's head: an interim 100 Continue's is read this way. */
    void skipHead() throws IOException {
        while (!statusLine().isEmpty()) {
            // headers
        }
    }

    /** The next line of the answer, e.g. its status line {@code HTTP/1.1 200 OK}. */
    String statusLine() throws IOException {
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n';) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** Whether the server closed the connection within {@code limit}, whatever it answered before. */
    boolean awaitClosed(Duration limit) throws IOException {
        Instant deadline = Instant.now().plus(limit);
        byte[] sink = new byte[8192];
        while (Instant.now().isBefore(deadline)) {
            socket.setSoTimeout(200);
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
