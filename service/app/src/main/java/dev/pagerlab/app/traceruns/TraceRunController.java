package dev.pagerlab.app.traceruns;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.tlb.AccessTrace;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.PagerRun;
import dev.pagerlab.engine.tlb.TextTrace;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TlbPolicy;
import dev.pagerlab.engine.tlb.TracePattern;
import dev.pagerlab.engine.tlb.TraceRunReport;
import dev.pagerlab.engine.tlb.TraceRuns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

@RestController
@Tag(name = "Trace runs", description = "What the best mapping buys, counted: replay a thread's memory accesses"
        + " through a TLB under the best-mapping pager and under one that maps single pages, on copies of the lab.")
class TraceRunController {

    private static final String SCAN_EXAMPLE = """
            {"thread": "th-1", "pattern": {"name": "sequential", "base": "0x0", "size": "4M"},
             "tlb": {"entries": 64, "policy": "LRU"}, "pagers": ["BEST", "SINGLE_PAGE"]}""";
    private static final String TEXT_EXAMPLE = """
            {"thread": "th-1", "trace": "READ 0x0\\nWRITE 0x1000\\nREAD 0x200000\\nREAD 0x3ff000\\n"}""";
    private static final String LIST_EXAMPLE = """
            {"thread": "th-1", "accesses": [{"type": "READ", "addr": "0x123456"}, {"type": "WRITE",
             "addr": "0x223456"}], "tlb": {"entries": 4, "policy": "FIFO"}}""";
    private static final String TRANSPOSE_EXAMPLE = """
            {"thread": "th-1", "pattern": {"name": "transpose", "base": "0x0", "rows": 256, "elementSize": "32"}}""";

    private final LabRegistry labs;

    TraceRunController(LabRegistry labs) {
        this.labs = labs;
    }

    @Schema(description = "One memory access.")
    record AccessDto(@NotNull @Schema(example = "READ") Access type, @NotNull @Schema(example = "0x123456") U64 addr) {
    }

    @Schema(description = "A fully associative TLB: entries, and which entry a miss replaces when it is full.")
    record TlbDto(@Min(1) @Max(TlbConfig.MAX_ENTRIES) @Schema(example = "64", defaultValue = "64") @Nullable Integer entries,
                  @Schema(example = "LRU", defaultValue = "LRU") @Nullable TlbPolicy policy) {
    }

    @Schema(description = "A named access pattern (GET /api/v1/trace-patterns lists them with their parameters and"
            + " defaults). Give only the parameters the pattern takes.")
    record PatternDto(@NotNull @Size(max = 40) @Schema(example = "sequential") String name,
                      @Schema(example = "0x0") @Nullable U64 base, @Schema(example = "4M") @Nullable U64 size,
                      @Nullable U64 step, @Nullable U64 stride, @Nullable U64 granularity,
                      @Nullable U64 elementSize, @Min(1) @Nullable Integer rows, @Min(1) @Nullable Integer passes,
                      @Min(1) @Max(AccessTrace.MAX_ACCESSES) @Nullable Integer accesses,
                      @Schema(description = "Seed of the random pattern: a JSON integer up to 2^53.") @Nullable Long seed,
                      @Nullable Access type) {

        TracePattern.Parameters parameters() {
            return new TracePattern.Parameters(base == null ? null : base.addr(), size == null ? null : size.size(),
                    step == null ? null : step.size(), stride == null ? null : stride.size(),
                    granularity == null ? null : granularity.size(), elementSize == null ? null : elementSize.size(),
                    rows, passes, accesses, seed, type);
        }
    }

    @Schema(description = "A trace run: the thread whose accesses are replayed, the accesses in exactly one of three"
            + " forms (accesses, trace, pattern), the TLB, and the pagers to compare.")
    record TraceRunRequest(
            @NotNull @Schema(example = "th-1") String thread,
            @Schema(description = "The accesses as a list.") @Nullable List<@Valid @NotNull AccessDto> accesses,
            @Schema(description = "The accesses as text, one 'READ|WRITE|EXEC address' per line (such as"
                    + " 'READ 0x1000'); blank lines and lines starting with # are skipped.",
                    example = "READ 0x0\nWRITE 0x1000\n") @Nullable String trace,
            @Valid @Nullable PatternDto pattern,
            @Valid @Nullable TlbDto tlb,
            @Schema(description = "The pagers, each at most once; default both.", example = "[\"BEST\", \"SINGLE_PAGE\"]")
            @Size(min = 1, max = 2) @Nullable List<@NotNull PagerPolicy> pagers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The access whose fault did not resolve: the run ended there.")
    record StopDto(@Schema(description = "Its index in the trace, from 0.", example = "256") int index,
                   @Schema(example = "READ") String type, @Schema(example = "0x400000") String addr,
                   @Schema(example = "NO_REGION", allowableValues = {"REFLECTED", "NO_REGION", "WRITE_VIOLATION",
                           "EXEC_VIOLATION", "RECURSION_LIMIT"}) String outcome,
                   @Schema(description = "The RM session where the lookup failed.", example = "rm-1")
                   @Nullable String rmSession) {
        static StopDto of(PagerRun.Stop stop) {
            String where = switch (stop.resolution()) {
                case FaultResolution.Reflected r -> r.regionMap().toString();
                case FaultResolution.Stopped s -> s.regionMap().toString();
                case FaultResolution.Resolved r -> null;
            };
            return new StopDto(stop.index(), stop.access().type().name(), stop.access().addr().hex(),
                    stop.resolution().outcome(), where);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "What one pager made of the trace.")
    record RunDto(@Schema(example = "BEST") PagerPolicy pager,
                  @Schema(description = "Accesses replayed (up to and including the one that ended the run).",
                          example = "65536") int accesses,
                  @Schema(description = "Accesses the TLB did not cover.", example = "1") long tlbMisses,
                  @Schema(description = "Accesses no installed mapping covered (with their rights): each went to the"
                          + " pager.", example = "1") long faults,
                  @Schema(example = "1") long mappingsInstalled,
                  @Schema(description = "Mappings installed per size log2.", example = "{\"22\": 1}")
                  Map<String, Long> mappingSizes,
                  @Nullable StopDto stoppedAt) {
        static RunDto of(PagerRun run) {
            Map<String, Long> sizes = new LinkedHashMap<>();
            run.mappingSizes().forEach((log2, count) -> sizes.put(Integer.toString(log2), count));
            return new RunDto(run.pager(), run.accesses(), run.tlbMisses(), run.faults(), run.mappingsInstalled(),
                    sizes, run.stoppedAt().map(StopDto::of).orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "SINGLE_PAGE / BEST; absent when a pager did not run or BEST's count is zero.")
    record RatiosDto(@Schema(example = "1024.0") @Nullable Double tlbMisses,
                     @Schema(example = "1024.0") @Nullable Double faults) {
        static RatiosDto of(TraceRunReport.Ratios r) {
            return new RatiosDto(boxed(r.tlbMisses()), boxed(r.faults()));
        }

        private static @Nullable Double boxed(OptionalDouble d) {
            return d.isPresent() ? d.getAsDouble() : null;
        }
    }

    @Schema(description = "One run per pager, in the order asked, and the ratios.")
    record TraceRunDto(List<RunDto> runs, RatiosDto ratios) {
    }

    @PostMapping("/api/v1/labs/{lab}/trace-runs")
    @Operation(summary = "Replay a thread's accesses through a TLB under BEST and SINGLE_PAGE",
            description = "Each pager runs on its own copy of the lab, so the lab is unchanged. Every access looks up"
                    + " the TLB; a miss walks the address space's installed mappings; an access no mapping covers"
                    + " with its rights is a fault for the pager, whose mapping is installed and loaded into the TLB"
                    + " (one entry per mapping, at the mapping's size). SINGLE_PAGE is the same lookup but maps one"
                    + " page of 2^P each time. A fault that does not resolve ends that run (stoppedAt). Up to "
                    + AccessTrace.MAX_ACCESSES + " accesses; a text trace or list larger than the body limit"
                    + " (pagerlab.limits.trace-body) is 413: name a pattern instead. The examples assume the README's"
                    + " quick start (th-1 in rm-1, a 4 MiB dataspace at 0x0).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "sequential scan of 4 MiB", value = SCAN_EXAMPLE),
            @ExampleObject(name = "text trace", value = TEXT_EXAMPLE),
            @ExampleObject(name = "list of accesses, 4-entry FIFO TLB", value = LIST_EXAMPLE),
            @ExampleObject(name = "transpose of 256x256 elements", value = TRANSPOSE_EXAMPLE)}))
    @Refusals({Code.NOT_FOUND, Code.THREAD_NOT_RUNNING})
    TraceRunDto replay(@PathVariable String lab, @Valid @RequestBody TraceRunRequest request) {
        var entry = labs.get(lab);
        AccessTrace trace = accesses(request);
        TlbConfig tlb = request.tlb() == null ? TlbConfig.DEFAULT : new TlbConfig(
                request.tlb().entries() == null ? TlbConfig.DEFAULT.entries() : request.tlb().entries(),
                request.tlb().policy() == null ? TlbConfig.DEFAULT.policy() : request.tlb().policy());
        List<PagerPolicy> pagers = request.pagers() == null ? List.of(PagerPolicy.BEST, PagerPolicy.SINGLE_PAGE)
                : request.pagers();
        TraceRunReport report = Refused.unwrap(TraceRuns.run(entry.lab(), PathIds.thread(request.thread()), trace,
                tlb, pagers));
        return new TraceRunDto(report.runs().stream().map(RunDto::of).toList(), RatiosDto.of(report.ratios()));
    }

    private static AccessTrace accesses(TraceRunRequest request) {
        int forms = (request.accesses() == null ? 0 : 1) + (request.trace() == null ? 0 : 1)
                + (request.pattern() == null ? 0 : 1);
        if (forms != 1) {
            throw new Refused(Code.VALIDATION_FAILED, "give the accesses in exactly one form: 'accesses' (a list),"
                    + " 'trace' (text) or 'pattern' (a named pattern)");
        }
        if (request.accesses() != null) {
            if (request.accesses().size() > AccessTrace.MAX_ACCESSES) {
                throw new Refused(Code.VALIDATION_FAILED, "'accesses': at most " + AccessTrace.MAX_ACCESSES);
            }
            AccessTrace.Builder trace = new AccessTrace.Builder(request.accesses().size());
            request.accesses().forEach(a -> trace.add(a.type(), a.addr().value()));
            return trace.build();
        }
        if (request.trace() != null) {
            return Refused.unwrap(TextTrace.parse(request.trace()));
        }
        TracePattern pattern = Refused.unwrap(TracePattern.named(request.pattern().name(),
                request.pattern().parameters()));
        return Refused.unwrap(pattern.trace());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A parameter of a trace pattern.")
    record ParameterDto(@Schema(example = "step") String name, String description, boolean required,
                        @Schema(description = "Absent when the parameter is required.", example = "64")
                        @Nullable String defaultValue) {
    }

    @Schema(description = "A named access pattern.")
    record PatternInfoDto(@Schema(example = "sequential") String name, String description,
                          List<ParameterDto> parameters) {
        static PatternInfoDto of(TracePattern.Kind kind) {
            return new PatternInfoDto(kind.id(), kind.description(), kind.parameters().stream()
                    .map(p -> new ParameterDto(p.id(), p.meaning(), p.defaultValue().isEmpty(),
                            p.defaultValue().orElse(null))).toList());
        }
    }

    @GetMapping("/api/v1/trace-patterns")
    @Operation(summary = "List the named access patterns a trace run accepts",
            description = "Each with its parameters and their defaults; a trace run names one as"
                    + " {\"pattern\": {\"name\": \"strided\", \"base\": \"0x0\", \"size\": \"16M\"}}.")
    List<PatternInfoDto> patterns() {
        return java.util.Arrays.stream(TracePattern.Kind.values()).map(PatternInfoDto::of).toList();
    }
}
