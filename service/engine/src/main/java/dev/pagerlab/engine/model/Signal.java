package dev.pagerlab.engine.model;

import java.util.Optional;

/**
 * A delivered fault signal: {@code count} submits folded into one delivery, the region map of the latest submit, and
 * that region map's state at delivery.
 */
public record Signal(HandlerId handler, RegionMapId regionMap, long count, Optional<Fault> state) {
}
