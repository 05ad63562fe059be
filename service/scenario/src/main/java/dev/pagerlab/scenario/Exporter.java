package dev.pagerlab.scenario;

import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.HandlerView;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.ThreadView;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a lab's history as a scenario that, replayed, builds the same lab. Every object is named by the id it has
 * in the lab ({@code ds-2}, {@code rm-1}, {@code th-1}, {@code fh-1}; a region map's managed dataspace is
 * {@code rm-1.dataspace}); labels and thread names travel in {@code label}. With expectations, each step expects
 * what happened and a final {@code check} step holds the lab's whole state: an answer key.
 */
public final class Exporter {

    /** Per step kind, the answer fields an exported answer key expects. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "dataspace", List.of("size", "physAddr"),
            "rmSession", List.of("size"),
            "attach", List.of("at", "size", "resumed"),
            "detach", List.of("flushed"),
            "fault", List.of("outcome", "thread", "mapping", "reflected", "failedAt"),
            "deliverSignal", List.of("count"),
            "check", List.of("state", "mappings", "threads", "signals", "regions"));

    private Exporter() {
    }

    /**
     * The scenario of a lab created with {@code config} that accepted {@code history}; with {@code expectations},
     * an answer key.
     */
    public static Scenario export(String name, LabConfig config, List<Operation> history, boolean expectations) {
        Lab replay = Lab.create(config, LabEventListener.NONE).orThrow();
        List<Step> steps = new ArrayList<>();
        Map<Object, String> names = new LinkedHashMap<>();
        int line = 1;
        for (Operation op : history) {
            Object created = replay.apply(op).orThrow();
            steps.add(new Step(action(op, created, names), null, null, new Location(line++, 1, "")));
        }
        Scenario scenario = new Scenario(name, null, PlatformSpec.of(config.platform()),
                config.physicalMemory().equals(LabConfig.DEFAULT_PHYSICAL_MEMORY) ? null
                        : new Scenario.PhysicalMemory(config.physicalMemory().start().value(),
                        config.physicalMemory().size().orElseThrow().value()), steps);
        return expectations ? withAnswers(scenario, config) : scenario;
    }

    /** {@code scenario} with each step expecting what it answers when run in a fresh lab, and a final check. */
    static Scenario withAnswers(Scenario scenario, LabConfig config) {
        Runner runner = new Runner(Lab.create(config, LabEventListener.NONE).orThrow());
        List<Step> steps = new ArrayList<>(scenario.steps());
        steps.add(new Step(new Action.Check(), null, "the whole lab at the time of export",
                new Location(steps.size() + 1, 1, "")));
        List<Step> answered = new ArrayList<>();
        for (Step step : steps) {
            Map<String, @Nullable Object> answer = runner.answer(step.action());
            Map<String, @Nullable Object> expect = new LinkedHashMap<>();
            for (String key : EXPECTED.getOrDefault(step.action().key(), List.of())) {
                if (answer.get(key) != null) {
                    expect.put(key, answer.get(key));
                }
            }
            answered.add(step.expecting(expect.isEmpty() ? null : expect));
        }
        return scenario.withSteps(answered);
    }

    private static String name(Map<Object, String> names, Object id) {
        return names.getOrDefault(id, id.toString());
    }

    private static Action action(Operation op, Object created, Map<Object, String> names) {
        return switch (op) {
            case Operation.AllocateRam(var request) -> {
                DataspaceView v = (DataspaceView) created;
                yield new Action.NewDataspace(v.id().toString(), false, request.size().value(), null,
                        request.writable(), request.cache());
            }
            case Operation.AllocateIoMem(var physAddr, var request) -> {
                DataspaceView v = (DataspaceView) created;
                yield new Action.NewDataspace(v.id().toString(), true, request.size().value(), physAddr.value(),
                        request.writable(), request.cache());
            }
            case Operation.DestroyDataspace(var ds) -> new Action.Destroy(false, name(names, ds));
            case Operation.CreateRegionMap(var size, var label) -> {
                RegionMapView v = (RegionMapView) created;
                names.put(v.dataspace(), v.id() + ".dataspace");
                yield new Action.NewRmSession(v.id().toString(), size.value(), label);
            }
            case Operation.DestroyRegionMap(var rm) -> new Action.Destroy(true, name(names, rm));
            case Operation.Attach(var rm, var request) -> new Action.Attach(name(names, rm),
                    name(names, request.dataspace()), request.size().value(), request.offset().value(),
                    request.at().map(a -> a.value()).orElse(null), request.rights().writable(),
                    request.rights().executable());
            case Operation.Detach(var rm, var addr) -> new Action.Detach(name(names, rm), addr.value());
            case Operation.CreateFaultHandler(var label) -> new Action.NewFaultHandler(
                    ((HandlerView) created).id().toString(), label);
            case Operation.SetFaultHandler(var rm, var handler) -> new Action.SetFaultHandler(name(names, rm),
                    name(names, handler));
            case Operation.ClearFaultHandler(var rm) -> new Action.SetFaultHandler(name(names, rm), null);
            case Operation.CreateThread(var rm, var threadName) -> new Action.NewThread(
                    ((ThreadView) created).id().toString(), name(names, rm), threadName);
            case Operation.SubmitFault(var thread, var addr, var access) -> new Action.Fault(name(names, thread),
                    addr.value(), access);
            case Operation.DeliverSignal(var handler) -> new Action.DeliverSignal(name(names, handler));
        };
    }
}
