package dev.pagerlab.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.HandlerView;
import dev.pagerlab.engine.model.LabSummary;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Revoked;
import dev.pagerlab.engine.model.Signal;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.model.TraceStep;
import dev.pagerlab.engine.platform.PlatformProfile;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of the API's answers, and the one place that turns engine values into them: addresses and sizes
 * become lowercase {@code 0x} hex strings, ids their short text.
 */
public final class Dto {

    private Dto() {
    }

    @Schema(description = "An inclusive address range.")
    public record Range(@Schema(example = "0x0") String first, @Schema(example = "0x3fffff") String last) {
        static @Nullable Range of(AddrRange range) {
            return range.valid() ? new Range(range.start().hex(), range.end().hex()) : null;
        }
    }

    @Schema(description = "A built-in platform profile: the kernel and MMU a lab simulates.")
    public record PlatformDto(@Schema(example = "x86_64") String name, @Schema(example = "12") int pageSizeLog2,
                              @Schema(example = "64") int addressBits,
                              @Schema(description = "Installable mapping sizes (log2), ascending.") List<Integer> mapSizes,
                              @Schema(example = "page sizes 2^12, 2^21, 2^30") String mapSizeRule,
                              @Schema(description = "How a detach takes mappings back: PATH unmaps what was"
                                      + " resolved through the region; PHYSICAL (kernels with a mapping database)"
                                      + " revokes every mapping of the region's physical frames.",
                                      example = "PATH", allowableValues = {"PATH", "PHYSICAL"}) String revocation,
                              String description) {
        public static PlatformDto of(PlatformProfile p) {
            return new PlatformDto(p.name(), p.pageSize().value(), p.addressBits(), p.installableSizes(),
                    p.mapSizes().describe(), p.revocation().name(), p.description());
        }
    }

    @Schema(description = "How many objects a lab holds.")
    public record Counts(int dataspaces, int rmSessions, int regions, int threads, int faultHandlers,
                         int installedMappings) {
    }

    @Schema(description = "A lab: one simulated machine.")
    public record LabDto(@Schema(example = "default") String id, String label, @Schema(example = "foc") String platform,
                         Range physicalMemory, @Schema(example = "0x401000") String ramInUse, Counts counts,
                         @JsonInclude(JsonInclude.Include.NON_NULL)
                         @Schema(description = "When the lab is removed unless it is used before"
                                 + " (pagerlab.labs.idle-expiry after its last request); absent for 'default',"
                                 + " which never expires.", example = "2026-12-26T09:30:00Z")
                         @Nullable Instant expiresAt) {
        public static LabDto of(String id, String label, LabSummary s) {
            return of(id, label, s, null);
        }

        public static LabDto of(String id, String label, LabSummary s, @Nullable Instant expiresAt) {
            return new LabDto(id, label, s.platform(), Range.of(s.physicalMemory()), s.ramInUse().hex(),
                    new Counts(s.dataspaces(), s.regionMaps(), s.regions(), s.threads(), s.faultHandlers(),
                            s.installedMappings()), expiresAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A dataspace. physAddr for RAM and IO_MEM; rmSession for a MANAGED one.")
    public record DataspaceDto(@Schema(example = "ds-2") String id, @Schema(example = "RAM") String type,
                               @Schema(example = "0x400000") String size,
                               @Schema(example = "0x400000") @Nullable String physAddr, boolean writable,
                               @Schema(example = "CACHED") String cache, @Nullable String rmSession,
                               @Schema(description = "Regions that show this dataspace.") int attachments) {
        public static DataspaceDto of(DataspaceView d) {
            return new DataspaceDto(d.id().toString(), d.kind().name(), d.size().hex(),
                    d.physAddr() == null ? null : d.physAddr().hex(), d.writable(), d.cache().name(),
                    d.managedBy() == null ? null : d.managedBy().toString(), d.attachments());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A region: dataspace bytes [offset, offset+size-1] shown at [at, end]. A reserved region"
            + " is what a destroyed dataspace left: it keeps its range, shows no dataspace, and faults there are"
            + " handled as if no region were there, until it is detached.")
    public record RegionDto(@Schema(example = "0x0") String at, @Schema(example = "0x400000") String size,
                            @Schema(example = "0x3fffff") String end,
                            @Schema(example = "ds-2", description = "Absent when reserved.") @Nullable String dataspace,
                            @Schema(example = "0x0") String offset, boolean writable, boolean executable,
                            boolean reserved) {
        public static RegionDto of(RegionView r) {
            return new RegionDto(r.at().hex(), r.size().hex(), r.range().end().hex(),
                    r.dataspace() == null ? null : r.dataspace().toString(), r.offset().hex(), r.rights().writable(),
                    r.rights().executable(), r.reserved());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "How a detach took back the mappings of a region: the platform's revocation rule, the"
            + " physical range flushed under PHYSICAL, and how many mappings went (each has its mapping-flushed"
            + " event).")
    public record RevokedDto(@Schema(example = "PHYSICAL", allowableValues = {"PATH", "PHYSICAL"}) String rule,
                             @Nullable Range physical, int mappingsFlushed, String note) {
        public static RevokedDto of(Revoked r) {
            return new RevokedDto(r.rule().name(), Range.of(r.physical()), r.mappingsFlushed(), r.note());
        }
    }

    @Schema(description = "A new region, and the retried fault of every faulter it woke, in FIFO order.")
    public record AttachDto(@Schema(example = "0x0") String at, @Schema(example = "0x400000") String size,
                            @Schema(example = "0x3fffff") String end, @Schema(example = "ds-2") String dataspace,
                            @Schema(example = "0x0") String offset, boolean writable, boolean executable,
                            List<FaultResultDto> resumed) {
        public static AttachDto of(RegionView r, List<FaultReport> resumed) {
            RegionDto region = RegionDto.of(r);
            return new AttachDto(region.at, region.size, region.end, java.util.Objects.requireNonNull(region.dataspace),
                    region.offset,
                    region.writable, region.executable, resumed.stream().map(FaultResultDto::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A region map's state (Genode's fault()): the first faulter's fault, or READY.")
    public record StateDto(@Schema(example = "READ", allowableValues = {"READY", "READ", "WRITE", "EXEC"}) String type,
                           @Schema(example = "0x0") @Nullable String addr) {
        public static StateDto of(Optional<Fault> state) {
            return state.map(f -> new StateDto(f.type().name(), f.addr().hex())).orElse(new StateDto("READY", null));
        }
    }

    @Schema(description = "A thread waiting in a region map's faulter queue.")
    public record FaulterDto(@Schema(example = "th-1") String thread, @Schema(example = "READ") String type,
                             @Schema(example = "0x0") String addr) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "An RM session (region map).")
    public record RmSessionDto(@Schema(example = "rm-1") String id, String label,
                               @Schema(example = "0x40000000") String size,
                               @Schema(description = "Its managed dataspace, to attach it elsewhere.", example = "ds-1")
                               String dataspace, List<RegionDto> regions,
                               @Schema(example = "fh-1") @Nullable String faultHandler, StateDto state,
                               List<FaulterDto> faulters, List<String> threads, int installedMappings) {
        public static RmSessionDto of(RegionMapView v) {
            return new RmSessionDto(v.id().toString(), v.label(), v.size().hex(), v.dataspace().toString(),
                    v.regions().stream().map(RegionDto::of).toList(),
                    v.faultHandler() == null ? null : v.faultHandler().toString(), StateDto.of(v.state()),
                    v.faulters().stream().map(f -> new FaulterDto(f.thread().toString(), f.fault().type().name(),
                            f.fault().addr().hex())).toList(),
                    v.threads().stream().map(Object::toString).toList(), v.installedMappings());
        }
    }

    @Schema(description = "A fault handler (signal context).")
    public record HandlerDto(@Schema(example = "fh-1") String id, String label, List<String> rmSessions,
                             @Schema(description = "Signals submitted so far.") long submitted,
                             @Schema(description = "Submitted but not yet delivered to a client.") long undelivered) {
        public static HandlerDto of(HandlerView h) {
            return new HandlerDto(h.id().toString(), h.label(), h.regionMaps().stream().map(Object::toString)
                    .toList(), h.submitted(), h.undelivered());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A fault at an address, located in a region map's coordinates.")
    public record LocatedFault(@Schema(example = "rm-4") String rmSession, @Schema(example = "READ") String type,
                               @Schema(example = "0x0") String addr,
                               @Schema(example = "NO_REGION") @Nullable String cause) {
        static LocatedFault of(dev.pagerlab.engine.model.RegionMapId rm, Fault f, @Nullable String cause) {
            return new LocatedFault(rm.toString(), f.type().name(), f.addr().hex(), cause);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A thread. pendingFault while FAULTED, stopReason once STOPPED.")
    public record ThreadDto(@Schema(example = "th-1") String id, String name,
                            @Schema(description = "Its address space.", example = "rm-1") String rmSession,
                            @Schema(example = "RUNNING") String state, @Nullable LocatedFault pendingFault,
                            @Nullable String stopReason) {
        public static ThreadDto of(ThreadView t) {
            return new ThreadDto(t.id().toString(), t.name(), t.addressSpace().toString(), t.state().name(),
                    t.waitingAt() == null || t.pendingFault() == null ? null
                            : LocatedFault.of(t.waitingAt(), t.pendingFault(), null),
                    t.stopReason());
        }
    }

    @Schema(description = "An installed flexpage mapping.")
    public record MappingDto(@Schema(example = "0x0") String virt, @Schema(example = "0x400000") String phys,
                             @Schema(example = "22") int sizeLog2, @Schema(example = "0x400000") String size,
                             boolean writable, boolean executable, boolean ioMem,
                             @Schema(example = "CACHED") String cache) {
        public static MappingDto of(Mapping m) {
            return new MappingDto(m.virt().hex(), m.phys().hex(), m.sizeLog2().value(), m.size().hex(),
                    m.rights().writable(), m.rights().executable(), m.ioMem(), m.cache().name());
        }
    }

    @Schema(description = "The faulting thread after the fault.")
    public record ThreadRef(@Schema(example = "th-1") String id, @Schema(example = "RUNNING") String state) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "How the pager answered a fault. RESOLVED carries the mapping; REFLECTED names the region"
            + " map whose handler was signalled; the other outcomes name where the lookup failed and stop the thread."
            + " THREAD_NOT_RUNNING occurs only in a fault batch: that fault was not run, detail says why.")
    public record FaultResultDto(
            @Schema(example = "RESOLVED", allowableValues = {"RESOLVED", "REFLECTED", "NO_REGION", "WRITE_VIOLATION",
                    "EXEC_VIOLATION", "RECURSION_LIMIT", "THREAD_NOT_RUNNING"}) String outcome,
            ThreadRef thread, @Nullable MappingDto mapping, @Nullable LocatedFault reflected,
            @Nullable LocatedFault failedAt, @Nullable List<TraceStepDto> trace, @Nullable String detail) {

        /** The outcomes in the order a fault batch counts them. */
        public static final List<String> OUTCOMES = List.of("RESOLVED", "REFLECTED", "NO_REGION", "WRITE_VIOLATION",
                "EXEC_VIOLATION", "RECURSION_LIMIT", "THREAD_NOT_RUNNING");

        /** The position of {@code resolution}'s outcome in {@link #OUTCOMES}, without comparing text. */
        public static int outcomeIndex(FaultResolution resolution) {
            return switch (resolution) {
                case FaultResolution.Resolved r -> 0;
                case FaultResolution.Reflected r -> 1;
                case FaultResolution.NoRegion r -> 2;
                case FaultResolution.WriteViolation r -> 3;
                case FaultResolution.ExecViolation r -> 4;
                case FaultResolution.RecursionLimit r -> 5;
            };
        }

        /** A fault of a batch that was not run, such as THREAD_NOT_RUNNING: the refusal's code and detail. */
        public static FaultResultDto notRun(String code, ThreadView thread, String detail) {
            return new FaultResultDto(code, new ThreadRef(thread.id().toString(),
                    thread.state().name()), null, null, null, null, detail);
        }

        public static FaultResultDto of(FaultReport report) {
            ThreadRef thread = new ThreadRef(report.thread().toString(), report.threadState().name());
            List<TraceStepDto> trace = report.trace().isEmpty() ? null
                    : report.trace().stream().map(TraceStepDto::of).toList();
            String outcome = report.resolution().outcome();
            return switch (report.resolution()) {
                case FaultResolution.Resolved r -> new FaultResultDto(outcome, thread, MappingDto.of(r.mapping()), null,
                        null, trace, null);
                case FaultResolution.Reflected r -> new FaultResultDto(outcome, thread, null,
                        LocatedFault.of(r.regionMap(), r.fault(), r.cause().name()), null, trace, null);
                case FaultResolution.Stopped r -> new FaultResultDto(outcome, thread, null, null,
                        LocatedFault.of(r.regionMap(), r.fault(), null), trace, null);
            };
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One step of ?explain=true. step 'level': the lookup in one region map (addr in its"
            + " coordinates, the region found, bounds and rights after). step 'leaf': the physical source, the"
            + " largest source block, the common size of source and destination, and what the platform installs."
            + " step 'verdict': why a fault did not resolve.")
    public record TraceStepDto(@Schema(example = "level", allowableValues = {"level", "leaf", "verdict"}) String step,
                               @Nullable Integer level, @Nullable String rmSession, @Nullable String addr,
                               @Nullable Range boundsBefore, @Nullable RegionDto region, @Nullable Range boundsAfter,
                               @Nullable Boolean writable, @Nullable Boolean executable, @Nullable String dataspace,
                               @Nullable String src, @Nullable Range srcBounds, @Nullable Integer sourceBlockLog2,
                               @Nullable Integer commonLog2, @Nullable Integer platformLog2,
                               @Nullable String platformRule, @Nullable MappingDto mapping, @Nullable String outcome,
                               String note) {
        static TraceStepDto of(TraceStep step) {
            return switch (step) {
                case TraceStep.Level l -> new TraceStepDto("level", l.level(), l.regionMap().toString(),
                        l.hotspot().hex(), Range.of(l.boundsBefore()),
                        l.region() == null ? null : RegionDto.of(l.region()), Range.of(l.boundsAfter()),
                        l.rightsAfter().writable(), l.rightsAfter().executable(), null, null, null, null, null, null,
                        null, null, null, l.note());
                case TraceStep.Leaf f -> new TraceStepDto("leaf", null, null, null, null, null, null,
                        f.mapping().rights().writable(), f.mapping().rights().executable(), f.dataspace().toString(),
                        f.src().hex(), Range.of(f.srcBounds()), f.sourceBlock().value(), f.commonSize().value(),
                        f.platformSize().value(), f.platformRule(), MappingDto.of(f.mapping()), null, f.note());
                case TraceStep.Verdict v -> new TraceStepDto("verdict", null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, v.outcome(), v.note());
            };
        }
    }

    @Schema(description = "A delivered fault signal: count submits folded into one delivery, as Genode counts them.")
    public record SignalDto(@Schema(example = "fh-1") String handler, @Schema(example = "rm-2") String rmSession,
                            @Schema(example = "1") long count, StateDto state) {
        public static SignalDto of(Signal s) {
            return new SignalDto(s.handler().toString(), s.regionMap().toString(), s.count(), StateDto.of(s.state()));
        }
    }
}
