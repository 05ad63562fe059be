package dev.pagerlab.app.faults;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1/labs/{lab}/fault-batches")
@Tag(name = "Threads and faults", description = "Threads (pager objects) and the page faults they raise.")
class FaultBatchController {

    private static final String DESCRIPTION = "Runs up to 10,000 faults (pagerlab.limits.batch-faults) in order,"
            + " each in one lab step of its own, as if submitted one by one: other clients' operations may come"
            + " between them. Every element is checked first (thread ids exist, addresses fit the platform), so a"
            + " refused batch changes nothing. A fault of a thread that is not running is that element's"
            + " THREAD_NOT_RUNNING result (with the thread's state and a detail), not a refusal of the batch."
            + " The answer is streamed as it is produced: {results: [...], counts: {RESOLVED: n, ...}}, every"
            + " outcome counted, zeros included; with results=none only {counts}. The body may also be text/plain:"
            + " one 'thread type addr' line per fault, such as 'th-1 READ 0x1000' (MOSS's command files with the"
            + " thread in front; blank lines and lines starting with # or // are skipped); a bad line is 400"
            + " naming its number.";

    private static final String TRACE_EXAMPLE = "th-1 READ 0x1000\nth-1 WRITE 0x2000";

    private final LabRegistry labs;
    private final JsonMapper json;
    private final int maxFaults;

    FaultBatchController(LabRegistry labs, JsonMapper json, PagerlabProperties properties) {
        this.labs = labs;
        this.json = json;
        this.maxFaults = properties.limits().batchFaults();
    }

    // BatchFault and BatchRequest document the JSON body; FaultBatch.ofJson reads it, with the same names and rules.
    @Schema(description = "One fault of a batch.")
    record BatchFault(@Schema(example = "th-1", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String thread,
                      @Schema(example = "0x123456", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable U64 addr,
                      @Schema(example = "READ", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable Access type) {
    }

    @Schema(description = "Faults to run in order; explain adds each one's trace (also ?explain=true).")
    record BatchRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable List<BatchFault> faults,
                        @Nullable Boolean explain) {
    }

    @Schema(description = "The answer to a fault batch. results (absent with ?results=none): one fault result per"
            + " fault, in order. counts: how many faults ended in each outcome, every outcome listed.")
    record BatchAnswer(List<Dto.FaultResultDto> results,
                       @Schema(example = "{\"RESOLVED\": 9998, \"REFLECTED\": 1, \"NO_REGION\": 1,"
                               + " \"WRITE_VIOLATION\": 0, \"EXEC_VIOLATION\": 0, \"RECURSION_LIMIT\": 0,"
                               + " \"THREAD_NOT_RUNNING\": 0}") Map<String, Integer> counts) {
    }

    // One handler for both media types, reading the body as bytes and choosing the reader by Content-Type: two
    // mappings would repeat every annotation of the operation.
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a batch of page faults", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The results and counts, streamed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BatchAnswer.class)))
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<StreamingResponseBody> run(
            @PathVariable String lab,
            @Parameter(description = "Add every fault's trace") @RequestParam(defaultValue = "false") boolean explain,
            @Parameter(description = "all: every fault's result and the counts; none: only the counts",
                    schema = @Schema(allowableValues = {"all", "none"}))
            @RequestParam(defaultValue = "all") String results,
            @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            // Read by FaultBatch.ofJson (straight from the bytes, or token by token), not bound to BatchRequest:
            // binding 10,000 elements cost more than running them. The bytes still pass the checks every body passes (size, UTF-8).
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = BatchRequest.class)),
                    @Content(mediaType = MediaType.TEXT_PLAIN_VALUE,
                            schema = @Schema(type = "string", example = TRACE_EXAMPLE))})
            @RequestBody byte[] request) {
        if (contentType.isCompatibleWith(MediaType.TEXT_PLAIN)) {
            // Decoded as a String body would be: the charset the client named, UTF-8 when it named none.
            Charset charset = contentType.getCharset() != null ? contentType.getCharset() : StandardCharsets.UTF_8;
            return answer(lab, FaultBatch.ofText(new String(request, charset), maxFaults), explain, results);
        }
        FaultBatch batch = FaultBatch.ofJson(json.tokenStreamFactory(), request, maxFaults);
        return answer(lab, batch, explain || batch.explain(), results);
    }

    private ResponseEntity<StreamingResponseBody> answer(String labId, FaultBatch batch, boolean explain,
                                                         String results) {
        boolean withResults = switch (results) {
            case "all" -> true;
            case "none" -> false;
            default -> throw new Refused(Code.VALIDATION_FAILED, "results must be 'all' or 'none', not '"
                    + (results.length() > 20 ? results.substring(0, 20) + "..." : results) + "'");
        };
        LabRegistry.LabEntry entry = labs.get(labId);
        labs.requireRoom(entry, batch.size());
        FaultBatchRun run = FaultBatchRun.checked(entry.lab(), entry.streams()::faultsToCome, batch, explain ? Explain.TRACE : Explain.NO_TRACE);
        // Journaled as one commit group: the answer ends only once every fault of it is durable.
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(out -> labs.grouped(entry, () -> {
                    run.writeTo(json, out, withResults);
                    return null;
                }));
    }
}
