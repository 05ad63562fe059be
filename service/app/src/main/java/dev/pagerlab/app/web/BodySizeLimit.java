package dev.pagerlab.app.web;

import dev.pagerlab.app.config.PagerlabProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * Refuses request bodies above {@code pagerlab.limits.request-body} with 413, whether announced by Content-Length or
 * streamed in chunks, before they are buffered. Two bodies are large by design and have their own limits: a trace
 * run ({@code POST .../trace-runs}, a text trace of up to a million lines: {@code trace-body}) and a fault batch
 * ({@code POST .../fault-batches}, 10,000 faults are about 600 KB of JSON: {@code batch-request-body}).
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {

    /** A body passed the limit; answered with 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes", null, false, false);
        }
    }

    private final long limit;
    private final long traceLimit;
    private final long batchLimit;
    private final HandlerExceptionResolver resolver;

    BodySizeLimit(PagerlabProperties properties,
                  @org.springframework.beans.factory.annotation.Qualifier("handlerExceptionResolver")
                  HandlerExceptionResolver resolver) {
        this.limit = properties.limits().requestBody().toBytes();
        this.traceLimit = properties.limits().traceBody().toBytes();
        this.batchLimit = properties.limits().batchRequestBody().toBytes();
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long allowed = !"POST".equals(request.getMethod()) ? limit
                : request.getRequestURI().endsWith("/trace-runs") ? traceLimit
                : request.getRequestURI().endsWith("/fault-batches") ? batchLimit : limit;
        if (request.getContentLengthLong() > allowed) {
            resolver.resolveException(request, response, null, new TooLarge(allowed));
            return;
        }
        chain.doFilter(new Limited(request, allowed), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private int counted(int n) {
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw new TooLarge(limit);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
