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
 * One kept-alive HTTP/1.1 connection to the service that sends JSON POSTs one at a time and reads each answer whole
 * (by its length or its chunks). A load driver that posts hundreds of requests a second beside the service it
 * measures spends far less CPU per request here than in {@code java.net.http.HttpClient}.
 */
final class KeptAlive implements Closeable {

    private final URI root;
    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** The body of the last answer read by {@link #post(String, String, byte[], boolean)} with {@code keep}. */
    private byte[] answer = new byte[64 * 1024];
    private int answerLength;
    private boolean keeping;

    KeptAlive(URI root) {
        this.root = root;
        this.host = root.getHost() + ":" + root.getPort();
    }

    // The service closes a kept-alive connection after so many requests (Tomcat: 100) and says so in the answer.
    private void connect() throws IOException {
        socket = new Socket(root.getHost(), root.getPort());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        pos = 0;
        limit = 0;
    }

    /** POSTs {@code json} to {@code path}; answers the status code once the whole answer is read. */
    int post(String path, String json) throws IOException {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * POSTs {@code body} (of type {@code contentType}) to {@code path}; answers the status code once the whole answer
     * is read, and with {@code keep} keeps the answer's body for {@link #answer()} (in a buffer reused by the next).
     */
    int post(String path, String contentType, byte[] body, boolean keep) throws IOException {
        if (socket == null) {
            connect();
        }
        keeping = keep;
        answerLength = 0;
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        long length = 0;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).strip());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18) && header.contains("chunked")) {
                chunked = true;
            } else if (header.regionMatches(true, 0, "connection:", 0, 11) && header.contains("close")) {
                closing = true;
            }
        }
        if (!chunked) {
            skip(length);
        } else {
            for (long size = chunk(line()); size > 0; size = chunk(line())) {
                skip(size);
                line(); // the line end after the chunk's data
            }
            line(); // the blank line after the last chunk
        }
        if (closing) {
            close();
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    private static long chunk(String line) {
        int ext = line.indexOf(';');
        return Long.parseLong((ext < 0 ? line : line.substring(0, ext)).strip(), 16);
    }

    /** The body of the last answer kept: bytes {@code [0, answerLength())} of the array, which the next one reuses. */
    byte[] answer() {
        return answer;
    }

    int answerLength() {
        return answerLength;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            fill();
            int take = (int) Math.min(n, limit - pos);
            if (keeping) {
                if (answerLength + take > answer.length) {
                    answer = java.util.Arrays.copyOf(answer, Math.max(2 * answer.length, answerLength + take));
                }
                System.arraycopy(buffer, pos, answer, answerLength, take);
                answerLength += take;
            }
            pos += take;
            n -= take;
        }
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        while (true) {
            fill();
            byte b = buffer[pos++];
            if (b == '\n') {
                return text.toString();
            }
            if (b != '\r') {
                text.append((char) b);
            }
        }
    }

    private void fill() throws IOException {
        if (pos == limit) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("the service closed the connection");
            }
            pos = 0;
            limit = n;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
