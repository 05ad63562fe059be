package dev.pagerlab.engine.lab;

/** Whether a fault's answer carries the step-by-step trace (it costs allocations, so only on request). */
public enum Explain {
    NO_TRACE, TRACE
}
