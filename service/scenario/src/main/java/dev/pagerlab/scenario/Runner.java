package dev.pagerlab.scenario;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.tlb.AccessTrace;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.TextTrace;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TracePattern;
import dev.pagerlab.engine.tlb.TraceRuns;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.pagerlab.scenario.Answers.map;

/**
 * Runs a scenario's steps in order on a lab: names become ids, each step's answer is written in names, and its
 * expectations are compared. A refused step changes nothing (the engine guarantees it) and the remaining steps
 * still run. Steps after the time limit are not run; the first of them reports the limit as a failure.
 */
public final class Runner {

    private final Lab lab;
    private final Bindings names = new Bindings();
    private final Answers answers = new Answers(names);

    /** A runner on {@code lab}, which should be fresh: the scenario's names start unbound. */
    public Runner(Lab lab) {
        this.lab = lab;
    }

    /** Runs every step of {@code scenario} on a fresh {@code lab}, within {@code limits}. */
    public static Report run(Scenario scenario, Lab lab, Limits limits) {
        Runner runner = new Runner(lab);
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        List<Report.StepReport> reports = new ArrayList<>();
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (System.nanoTime() - deadline > 0) {
                reports.add(new Report.StepReport(i + 1, step.at().line(), step.action().key(),
                        map("error", "TIME_LIMIT", "detail", "not run: the scenario took longer than "
                                + limits.maxTime()), List.of(new Report.Expectation("error", null, "TIME_LIMIT",
                        false, "steps " + (i + 1) + " to " + steps.size() + " were not run: the time limit of "
                                + limits.maxTime() + " was reached"))));
                break;
            }
            reports.add(runner.apply(step, i + 1));
        }
        return new Report(scenario.name(), reports);
    }

    /** Runs one step, numbered {@code number} in its report, and compares its expectations. */
    public Report.StepReport apply(Step step, int number) {
        Map<String, @Nullable Object> answer = answer(step.action());
        return new Report.StepReport(number, step.at().line(), step.action().key(), answer,
                Comparison.compare(step.expect(), answer));
    }

    /** The answer of one action, in names; a refusal answers {@code {error: CODE, detail}}. */
    public Map<String, @Nullable Object> answer(Action action) {
        Result<Map<String, @Nullable Object>> result = execute(action);
        if (result instanceof Result.Refused<?>(Failure f)) {
            return map("error", f.code().name(), "detail", f.detail());
        }
        return result.orThrow();
    }

    private Result<Map<String, @Nullable Object>> execute(Action action) {
        return switch (action) {
            case Action.NewDataspace d -> dataspace(d);
            case Action.NewRmSession r -> lab.createRegionMap(Size.of(r.size()), r.label() == null ? r.name()
                    : r.label()).map(v -> {
                names.rmSession(r.name(), v.id(), v.dataspace());
                return map("name", r.name(), "size", v.size().hex(), "label", v.label(), "dataspace",
                        r.name() + ".dataspace");
            });
            case Action.Destroy d -> destroy(d);
            case Action.Attach a -> attach(a);
            case Action.Detach d -> withRm(d.rmSession(), rm -> {
                int before = lab.summary().installedMappings();
                return lab.detach(rm, Addr.of(d.addr())).map(region -> {
                    Map<String, @Nullable Object> answer = map("rmSession", d.rmSession());
                    answer.putAll(answers.region(region));
                    // A detach only removes mappings, so the drop of the lab's count is what it flushed everywhere.
                    answer.put("flushed", before - lab.summary().installedMappings());
                    return answer;
                });
            });
            case Action.NewFaultHandler h -> lab.createFaultHandler(h.label() == null ? h.name() : h.label())
                    .map(v -> {
                        names.handler(h.name(), v.id());
                        return map("name", h.name(), "label", v.label());
                    });
            case Action.SetFaultHandler s -> withRm(s.rmSession(), rm -> {
                if (s.handler() == null) {
                    return lab.clearFaultHandler(rm).map(v -> map("rmSession", s.rmSession()));
                }
                HandlerId h = names.handler(s.handler());
                if (h == null) {
                    return Result.refused(Code.INVALID_HANDLER, "no fault handler named '" + s.handler() + "'");
                }
                return lab.setFaultHandler(rm, h).map(v -> map("rmSession", s.rmSession(), "handler",
                        s.handler()));
            });
            case Action.NewThread t -> withRm(t.rmSession(), rm -> lab.createThread(rm, t.label() == null
                    ? t.name() : t.label()).map(v -> {
                names.thread(t.name(), v.id());
                return map("name", t.name(), "rmSession", t.rmSession(), "state", v.state().name());
            }));
            case Action.Fault f -> {
                ThreadId t = names.thread(f.thread());
                if (t == null) {
                    yield Result.refused(Code.NOT_FOUND, "no thread named '" + f.thread() + "'");
                }
                yield lab.fault(t, Addr.of(f.addr()), f.type(), Explain.NO_TRACE).map(answers::fault);
            }
            case Action.DeliverSignal s -> {
                HandlerId h = names.handler(s.handler());
                if (h == null) {
                    yield Result.refused(Code.NOT_FOUND, "no fault handler named '" + s.handler() + "'");
                }
                yield lab.deliverSignal(h).map(signal -> signal.map(sig -> map("handler", s.handler(), "count",
                        sig.count(), "rmSession", names.name(sig.regionMap()))).orElseGet(() -> map("handler",
                        s.handler(), "count", 0L)));
            }
            case Action.TraceRun t -> traceRun(t);
            case Action.Check c -> Result.ok(answers.state(lab));
        };
    }

    /** Replays on copies of the lab: the lab, and so its history and any export of it, stay as they were. */
    private Result<Map<String, @Nullable Object>> traceRun(Action.TraceRun t) {
        ThreadId thread = names.thread(t.thread());
        if (thread == null) {
            return Result.refused(Code.NOT_FOUND, "no thread named '" + t.thread() + "'");
        }
        Result<AccessTrace> trace;
        if (t.accesses() != null) {
            trace = Result.ok(AccessTrace.of(t.accesses()));
        } else if (t.trace() != null) {
            trace = TextTrace.parse(t.trace());
        } else {
            Action.Pattern p = Objects.requireNonNull(t.pattern());
            Result<TracePattern> pattern = TracePattern.named(p.name(), p.parameters());
            if (pattern instanceof Result.Refused<TracePattern>(Failure f)) {
                return Result.refused(f.code(), f.detail());
            }
            trace = pattern.orThrow().trace();
        }
        if (trace instanceof Result.Refused<AccessTrace>(Failure f)) {
            return Result.refused(f.code(), f.detail());
        }
        TlbConfig tlb = new TlbConfig(t.tlbEntries() == null ? TlbConfig.DEFAULT.entries() : t.tlbEntries(),
                t.tlbPolicy() == null ? TlbConfig.DEFAULT.policy() : t.tlbPolicy());
        List<PagerPolicy> pagers = t.pagers() == null ? List.of(PagerPolicy.BEST, PagerPolicy.SINGLE_PAGE)
                : t.pagers();
        return TraceRuns.run(lab, thread, trace.orThrow(), tlb, pagers).map(answers::traceRun);
    }

    private Result<Map<String, @Nullable Object>> dataspace(Action.NewDataspace d) {
        // No cache attribute: the engine's default for the kind (CACHED RAM, UNCACHED I/O memory).
        DataspaceRequest request = new DataspaceRequest(Size.of(d.size()), d.writable() == null || d.writable(),
                d.cache());
        Result<DataspaceView> created;
        if (d.ioMem()) {
            if (d.physAddr() == null) {
                return Result.refused(Code.VALIDATION_FAILED, "'physAddr' is required for IO_MEM");
            }
            created = lab.allocateIoMem(Addr.of(d.physAddr()), request);
        } else {
            if (d.physAddr() != null) {
                return Result.refused(Code.VALIDATION_FAILED, "'physAddr' is for IO_MEM; RAM is placed by the lab");
            }
            created = lab.allocateRam(request);
        }
        return created.map(v -> {
            names.dataspace(d.name(), v.id());
            return map("name", d.name(), "type", d.ioMem() ? "IO_MEM" : "RAM", "size", v.size().hex(), "physAddr",
                    v.physAddr() == null ? null : v.physAddr().hex(), "writable", v.writable(), "cache",
                    v.cache().name());
        });
    }

    private Result<Map<String, @Nullable Object>> destroy(Action.Destroy d) {
        if (d.rmSession()) {
            return withRm(d.name(), rm -> lab.destroyRegionMap(rm).map(v -> map("rmSession", d.name())));
        }
        DataspaceId ds = names.dataspace(d.name());
        if (ds == null) {
            return Result.refused(Code.NOT_FOUND, "no dataspace named '" + d.name() + "'");
        }
        return lab.destroyDataspace(ds).map(v -> map("dataspace", d.name()));
    }

    private Result<Map<String, @Nullable Object>> attach(Action.Attach a) {
        return withRm(a.rmSession(), rm -> {
            DataspaceId ds = names.dataspace(a.dataspace());
            if (ds == null) {
                return Result.refused(Code.INVALID_DATASPACE, "no dataspace named '" + a.dataspace() + "'");
            }
            AttachRequest request = new AttachRequest(ds, Size.of(a.size() == null ? 0 : a.size()),
                    Size.of(a.offset() == null ? 0 : a.offset()), Optional.ofNullable(a.at()).map(Addr::of),
                    new Rights(a.writable() == null || a.writable(), a.executable() != null && a.executable()));
            return lab.attach(rm, request).map(attached -> {
                RegionView r = attached.region();
                List<Object> resumed = new ArrayList<>();
                for (FaultReport report : attached.resumed()) {
                    resumed.add(answers.fault(report));
                }
                Map<String, @Nullable Object> answer = map("rmSession", a.rmSession());
                answer.putAll(answers.region(r));
                answer.remove("reserved");
                answer.put("resumed", resumed);
                return answer;
            });
        });
    }

    private Result<Map<String, @Nullable Object>> withRm(String name,
            java.util.function.Function<RegionMapId, Result<Map<String, @Nullable Object>>> work) {
        RegionMapId rm = names.rmSession(name);
        return rm == null ? Result.refused(Code.NOT_FOUND, "no rmSession named '" + name + "'") : work.apply(rm);
    }
}
