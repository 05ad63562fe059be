package dev.pagerlab.engine.model;

import java.util.List;

/** The answer to one fault: the resolution, the thread's state afterwards, and the trace when one was asked for. */
public record FaultReport(ThreadId thread, ThreadState threadState, FaultResolution resolution,
                          List<TraceStep> trace) {

    /** The trace is copied. */
    public FaultReport {
        trace = List.copyOf(trace);
    }
}
