package dev.pagerlab.app.faults;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Created;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.model.Failure.Code;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;

@RestController
@Tag(name = "Fault handlers and events", description = "Signal contexts that learn of unresolved faults, and the"
        + " server-sent-event streams of signals and lab events.")
class FaultHandlerController {

    static final String SIGNAL_EXAMPLE = """
            event: fault-signal
            id: 1
            data: {"handler":"fh-1","rmSession":"rm-2","count":1,"state":{"type":"READ","addr":"0x0"}}
            """;
    static final String EVENT_EXAMPLE = """
            event: fault-reflected
            id: 7
            data: {"type":"fault-reflected","thread":"th-1","rmSession":"rm-2","access":"READ","addr":"0x0"}
            """;

    private final LabRegistry labs;

    FaultHandlerController(LabRegistry labs) {
        this.labs = labs;
    }

    @Schema(description = "A new fault handler.")
    record CreateFaultHandler(@Schema(example = "pager of sub") @jakarta.validation.constraints.Size(max = 200)
                  @Nullable String label) {
    }

    @PostMapping("/api/v1/labs/{lab}/fault-handlers")
    @Operation(summary = "Create a fault handler (signal context)",
            description = "Register it at RM sessions with PUT .../rm-sessions/{rm}/fault-handler; one handler may"
                    + " serve several.")
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<Dto.HandlerDto> create(@PathVariable String lab,
                                          @Valid @RequestBody(required = false) @Nullable CreateFaultHandler request) {
        var created = Refused.unwrap(labs.get(lab).lab().createFaultHandler(
                request == null || request.label() == null ? "" : request.label()));
        return Created.at(created.id().toString(), Dto.HandlerDto.of(created));
    }

    @GetMapping("/api/v1/labs/{lab}/fault-handlers")
    @Operation(summary = "List fault handlers by id", description = "Every fault handler of the lab with the RM"
            + " sessions it serves and its counts of signals submitted and not yet delivered.")
    @Refusals(Code.NOT_FOUND)
    List<Dto.HandlerDto> list(@PathVariable String lab) {
        return labs.get(lab).lab().faultHandlers().stream().map(Dto.HandlerDto::of).toList();
    }

    @GetMapping("/api/v1/labs/{lab}/fault-handlers/{fh}")
    @Operation(summary = "Read a fault handler: where it is registered, signals submitted and undelivered",
            description = "404 NOT_FOUND when the lab has no fault handler of that id.")
    @Refusals(Code.NOT_FOUND)
    Dto.HandlerDto read(@PathVariable String lab, @PathVariable String fh) {
        return labs.get(lab).lab().faultHandler(PathIds.handler(fh)).map(Dto.HandlerDto::of)
                .orElseThrow(() -> new Refused(Code.NOT_FOUND, "no fault handler " + fh));
    }

    @GetMapping(path = "/api/v1/labs/{lab}/fault-handlers/{fh}/signals", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream the handler's fault signals (SSE)",
            description = "Each event 'fault-signal' carries the RM session and its state. Signals submitted while no"
                    + " client listens are counted and delivered as one event (count > 1) when one connects; a"
                    + " client reconnecting with Last-Event-ID gets what it missed, or a 'reset' event when that is"
                    + " no longer buffered. Comment heartbeats keep idle connections open.")
    @ApiResponse(responseCode = "200", description = "The signal stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string", description = "Server-sent events; the data of each"
                            + " 'fault-signal' is a SignalDto as JSON.", contentMediaType = "application/json",
                            contentSchema = Dto.SignalDto.class),
                    examples = @ExampleObject(name = "fault-signal", value = SIGNAL_EXAMPLE)))
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    SseEmitter signals(@PathVariable String lab, @PathVariable String fh,
                       @Parameter(description = "The id of the last event received, to replay what was missed")
                       @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        return labs.get(lab).streams().subscribeSignals(PathIds.handler(fh), EventIds.parse(lastEventId));
    }

    @GetMapping(path = "/api/v1/labs/{lab}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream every engine event of the lab (SSE)",
            description = "region-attached, region-detached (with the revocation rule that applied),"
                    + " region-reserved (a destroyed dataspace's region), mapping-installed, mapping-flushed,"
                    + " fault-answered, fault-reflected, signal-submitted, thread-stopped, thread-resumed, and the creation and"
                    + " destruction of objects; the same id and Last-Event-ID rules as the signal stream.")
    @ApiResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string", description = "Server-sent events; the data of each is a"
                            + " JSON object whose 'type' names the event."),
                    examples = @ExampleObject(name = "fault-reflected", value = EVENT_EXAMPLE)))
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    SseEmitter events(@PathVariable String lab,
                      @Parameter(description = "The id of the last event received, to replay what was missed")
                      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        return labs.get(lab).streams().subscribeEvents(EventIds.parse(lastEventId));
    }
}
