package dev.pagerlab.app.faults;

import dev.pagerlab.engine.model.FaultReport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a single fault's answer with {@link FaultResultWriter}, the batch's writer, which writes a report without a
 * trace exactly as {@link dev.pagerlab.app.web.Dto.FaultResultDto} serializes: Spring's return-value handling
 * (choosing a converter, reflection over the DTO) cost about as much as the fault. Only where Spring would answer
 * {@code application/json} for certain: no Accept header, {@code *}{@code /*} or {@code application/json}. A traced
 * answer and any other Accept go Spring's way.
 */
final class SingleFaultAnswer {

    private SingleFaultAnswer() {
    }

    /** Whether {@code report} was written to {@code response}; if not, the caller answers the DTO as usual. */
    static boolean written(FaultReport report, HttpServletRequest request, HttpServletResponse response) {
        if (!report.trace().isEmpty() || !takesJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return false;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            // Not flushed to the network: the container sends it with a Content-Length once the request ends.
            FaultResultWriter writer = FaultResultWriter.forOne(response.getOutputStream(), report.thread());
            writer.write(report, 0);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static boolean takesJson(String accept) {
        return accept == null || accept.isEmpty() || accept.equals(MediaType.ALL_VALUE)
                || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
