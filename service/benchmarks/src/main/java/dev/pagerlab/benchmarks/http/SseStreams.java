package dev.pagerlab.benchmarks.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many event streams read by one platform thread over a selector: an HTTP/1.1 GET per stream, then the body,
 * de-chunked and cut into lines that go to the stream's {@link Lines}. The load driver keeps a thousand streams on
 * the machine that also runs the service, so reading must cost little: one {@code epoll} wake-up serves every stream
 * that has bytes, where a blocked (virtual) thread per stream costs a wake-up and a hand-over per read; lines are
 * handed over as bytes, never as Strings.
 */
final class SseStreams implements Closeable {

    /** What a stream's owner does with its lines; called on the reader thread only. */
    interface Lines {
        /** One line of the body without its line end, in {@code bytes[from, to)}; {@code now} is when it was read. */
        void line(byte[] bytes, int from, int to, long now);

        /** The stream ended or failed. */
        void ended(IOException failure);
    }

    private static final int HEAD = 0;
    private static final int CHUNK_SIZE = 1;
    private static final int CHUNK_DATA = 2;
    private static final int CHUNK_END = 3;
    private static final int BODY = 4;
    private static final int DONE = 5;

    /** One connection's parser state. */
    private static final class Stream {
        final SocketChannel channel;
        final Lines lines;
        final byte[] line = new byte[64 * 1024];
        int length;
        int state = HEAD;
        boolean chunked;
        long chunkLeft;
        long chunkSize;
        boolean chunkSizeRead;
        String status;
        IOException failure;

        Stream(SocketChannel channel, Lines lines) {
            this.channel = channel;
            this.lines = lines;
        }
    }

    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] bytes = new byte[64 * 1024];
    private final ConcurrentLinkedQueue<Stream> added = new ConcurrentLinkedQueue<>();
    private final List<Stream> all = new ArrayList<>();
    private final Thread reader;
    private volatile boolean open = true;
    // Written by the reader thread only.
    private volatile long reads;

    SseStreams() throws IOException {
        this.selector = Selector.open();
        this.reader = Thread.ofPlatform().name("sse-reader").daemon().start(this::run);
    }

    /** Connects a stream and sends its GET; its lines go to {@code lines} on the reader thread from now on. */
    void open(URI uri, Lines to) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.write(ByteBuffer.wrap(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        added.add(new Stream(channel, to));
        selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                selector.select(1000);
                for (Stream s; (s = added.poll()) != null; ) {
                    s.channel.register(selector, SelectionKey.OP_READ, s);
                    all.add(s);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Stream) key.attachment(), key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void read(Stream s, SelectionKey key) {
        IOException failure = null;
        int n;
        try {
            buffer.clear();
            n = s.channel.read(buffer);
        } catch (IOException e) {
            n = -1;
            failure = e;
        }
        if (n > 0) {
            reads++;
            buffer.flip();
            buffer.get(bytes, 0, n);
            feed(s, n, System.nanoTime());
        }
        if (n < 0 || s.state == DONE) {
            key.cancel();
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing a stream that ended
            }
            if (failure == null && s.state == HEAD) {
                failure = new IOException("stream closed before its answer's head");
            }
            s.lines.ended(failure != null ? failure : s.failure);
        }
    }

    private void feed(Stream s, int n, long now) {
        int i = 0;
        while (i < n && s.state != DONE) {
            switch (s.state) {
                case HEAD -> i = head(s, i, n);
                case CHUNK_SIZE -> {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        if (s.chunkSize == 0) {
                            s.state = DONE; // the last chunk: the stream ended
                        } else {
                            s.chunkLeft = s.chunkSize;
                            s.state = CHUNK_DATA;
                        }
                        s.chunkSize = 0;
                        s.chunkSizeRead = false;
                    } else if (!s.chunkSizeRead) {
                        int d = Character.digit(b, 16);
                        if (d < 0) {
                            s.chunkSizeRead = true; // ';' of an extension or the '\r'
                        } else {
                            s.chunkSize = s.chunkSize << 4 | d;
                        }
                    }
                }
                case CHUNK_DATA -> {
                    int end = (int) Math.min(n, i + s.chunkLeft);
                    s.chunkLeft -= end - i;
                    i = body(s, i, end, now);
                    if (s.chunkLeft == 0) {
                        s.state = CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (bytes[i++] == '\n') { // the line end after a chunk's data
                        s.state = CHUNK_SIZE;
                    }
                }
                case BODY -> i = body(s, i, n, now);
                default -> throw new IllegalStateException();
            }
        }
    }

    private int head(Stream s, int i, int n) {
        while (i < n) {
            byte b = bytes[i++];
            if (b != '\n') {
                if (b != '\r' && s.length < s.line.length) {
                    s.line[s.length++] = b;
                }
                continue;
            }
            String header = new String(s.line, 0, s.length, StandardCharsets.US_ASCII);
            s.length = 0;
            if (s.status == null) {
                s.status = header;
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18) && header.contains("chunked")) {
                s.chunked = true;
            } else if (header.isEmpty()) {
                if (!s.status.startsWith("HTTP/1.1 200")) {
                    s.state = DONE;
                    s.failure = new IOException("events answered " + s.status);
                    return n;
                }
                s.state = s.chunked ? CHUNK_SIZE : BODY;
                return i;
            }
        }
        return i;
    }

    private int body(Stream s, int i, int end, long now) {
        // Lines that span reads or chunks are collected in the stream's line buffer; the others are handed over
        // straight from the read buffer.
        int start = i;
        for (; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (s.length == 0) {
                s.lines.line(bytes, start, trim(bytes, start, i), now);
            } else {
                append(s, start, i);
                s.lines.line(s.line, 0, trim(s.line, 0, s.length), now);
                s.length = 0;
            }
            start = i + 1;
        }
        append(s, start, end);
        return end;
    }

    private void append(Stream s, int from, int to) {
        int copy = Math.min(to - from, s.line.length - s.length);
        System.arraycopy(bytes, from, s.line, s.length, copy);
        s.length += copy;
    }

    private static int trim(byte[] b, int from, int to) {
        return to > from && b[to - 1] == '\r' ? to - 1 : to;
    }

    /** Reads that brought bytes so far, over all streams: about the writes of the service, which it batches. */
    long reads() {
        return reads;
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stream s : all) {
            s.channel.close();
        }
        selector.close();
    }
}
