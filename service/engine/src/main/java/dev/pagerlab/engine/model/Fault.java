package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;

/** A faulting access at an address, in the coordinates of one region map. */
public record Fault(Access type, Addr addr) {
}
