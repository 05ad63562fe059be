package dev.pagerlab.benchmarks.http;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One event stream read straight off a loopback socket: an HTTP/1.1 GET, then the body's lines, de-chunked. The load
 * driver keeps a thousand of these on one machine beside the service, so each costs little: a virtual thread blocked
 * in a read, a buffer, and a String per line; {@code java.net.http.HttpClient}'s line subscriber cost about as much
 * CPU per event as the service itself.
 */
final class SseSocket implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final byte[] line = new byte[64 * 1024];
    // Its own buffer: a BufferedInputStream takes a lock per byte.
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    private long chunkLeft;
    private boolean chunked;

    private SseSocket(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Connects and reads the answer's head; answers the stream when it is 200, throws otherwise. */
    static SseSocket open(URI uri) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        try {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SseSocket sse = new SseSocket(socket, socket.getInputStream());
            String status = sse.rawLine();
            if (status == null || !status.startsWith("HTTP/1.1 200")) {
                throw new IOException("events answered " + status);
            }
            for (String header = sse.rawLine(); header != null && !header.isEmpty(); header = sse.rawLine()) {
                if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18) && header.contains("chunked")) {
                    sse.chunked = true;
                }
            }
            return sse;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The next line of the event stream without its line end; null at its end. */
    String next() throws IOException {
        int n = 0;
        for (int b = body(); b != '\n'; b = body()) {
            if (b < 0) {
                return null;
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    private int body() throws IOException {
        if (!chunked) {
            return read();
        }
        if (chunkLeft == 0) {
            String size = rawLine();
            if (size != null && size.isEmpty()) {
                size = rawLine(); // the line end after the previous chunk's data
            }
            if (size == null) {
                return -1;
            }
            int ext = size.indexOf(';');
            chunkLeft = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
            if (chunkLeft == 0) {
                return -1; // the last chunk: the stream ended
            }
        }
        int b = read();
        if (b < 0) {
            throw new EOFException("stream ended inside a chunk");
        }
        chunkLeft--;
        return b;
    }

    private String rawLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int b = read(); b != '\n'; b = read()) {
            if (b < 0) {
                return text.isEmpty() ? null : text.toString();
            }
            if (b != '\r') {
                text.append((char) b);
            }
        }
        return text.toString();
    }

    private int read() throws IOException {
        if (pos == limit) {
            int n = in.read(buffer);
            if (n < 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buffer[pos++] & 0xff;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
