package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.platform.Revocation;

/**
 * How the mappings of a detached (or reserved) region were taken back, for people: the platform's revocation rule,
 * the physical range flushed under {@link Revocation#PHYSICAL} (invalid when none), and how many mappings went.
 */
public record Revoked(Revocation rule, AddrRange physical, int mappingsFlushed, String note) {
}
