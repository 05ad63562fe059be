package dev.pagerlab.app.faults;

import dev.pagerlab.app.config.LabMetrics;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/labs/{lab}/threads")
@Tag(name = "Threads and faults", description = "Threads (pager objects) and the page faults they raise.")
class ThreadController {

    private final LabRegistry labs;
    private final LabMetrics metrics;

    ThreadController(LabRegistry labs, LabMetrics metrics) {
        this.labs = labs;
        this.metrics = metrics;
    }

    @GetMapping
    @Operation(summary = "List threads by id, stopped ones included", description = "Every thread of the lab with"
            + " its state (RUNNING, FAULTED or STOPPED) and its RM session.")
    @Refusals(Code.NOT_FOUND)
    List<Dto.ThreadDto> list(@PathVariable String lab) {
        return labs.get(lab).lab().threads().stream().map(Dto.ThreadDto::of).toList();
    }

    @GetMapping("/{th}")
    @Operation(summary = "Read a thread: its state, and its pending fault while FAULTED", description = "404"
            + " NOT_FOUND when the lab has no thread of that id.")
    @Refusals(Code.NOT_FOUND)
    Dto.ThreadDto read(@PathVariable String lab, @PathVariable String th) {
        return labs.get(lab).lab().thread(PathIds.thread(th)).map(Dto.ThreadDto::of)
                .orElseThrow(() -> new Refused(Code.NOT_FOUND, "no thread " + th));
    }

    @Schema(description = "A page fault: the faulting address in the thread's address space, and the access.")
    record RaiseFault(@NotNull @Schema(example = "0x123456") U64 addr,
                      @NotNull @Schema(example = "READ") Access type) {
    }

    @PostMapping("/{th}/faults")
    @Operation(summary = "Submit a page fault to the thread's pager",
            description = "Answers 200 with the outcome, also when the fault stops the thread: RESOLVED (the best"
                    + " mapping, installed), REFLECTED (the thread waits; the handler of the RM session where the"
                    + " lookup failed got a signal), or NO_REGION / WRITE_VIOLATION / EXEC_VIOLATION /"
                    + " RECURSION_LIMIT (the thread is STOPPED).")
    @Refusals({Code.NOT_FOUND, Code.THREAD_NOT_RUNNING, Code.QUOTA_EXCEEDED})
    Dto.@Nullable FaultResultDto fault(@PathVariable String lab, @PathVariable String th,
                             @Parameter(description = "Add the step-by-step trace of the pager's algorithm")
                             @RequestParam(defaultValue = "false") boolean explain,
                             @Valid @RequestBody RaiseFault request,
                             HttpServletRequest http, HttpServletResponse answer) {
        var entry = labs.get(lab);
        var thread = PathIds.thread(th);
        var report = Refused.unwrap(metrics.timeFault(entry.lab().platform(), () -> entry.lab().fault(thread,
                request.addr().addr(), request.type(), explain ? Explain.TRACE : Explain.NO_TRACE)));
        // Taking the response marks the request handled: null means answered (see SingleFaultAnswer).
        return SingleFaultAnswer.written(report, http, answer) ? null : Dto.FaultResultDto.of(report);
    }
}
