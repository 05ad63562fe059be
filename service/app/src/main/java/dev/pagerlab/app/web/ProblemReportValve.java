package dev.pagerlab.app.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error report as an RFC 9457 problem with a code, for the errors the container answers itself (a malformed
 * or over-long request line, headers too large, a method it refuses): never an HTML page. It takes the place of
 * Tomcat's {@link ErrorReportValve} on the host, so it needs a public no-argument constructor and no Spring.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** The detail of a container error with {@code status}; the container's own message may echo the request. */
    static String detailOf(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: its path or headers are not valid HTTP (an encoded '/', NUL or"
                    + " a byte that is not UTF-8 in the path, a raw non-ASCII character, or a request line or"
                    + " headers over the size limit)";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            default -> status >= 500 ? "the service failed; this is a bug in pagerlab, not in your request"
                    : "the request was refused";
        };
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = ProblemAdvice.codeOf(status);
        String json = "{\"type\":\"urn:pagerlab:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')
                + "\",\"title\":\"" + (known == null ? code : known.getReasonPhrase()) + "\",\"status\":" + status
                + ",\"detail\":\"" + detailOf(status) + "\",\"code\":\"" + code + "\"}";
        try {
            response.resetBuffer();
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing to answer
        }
    }
}
