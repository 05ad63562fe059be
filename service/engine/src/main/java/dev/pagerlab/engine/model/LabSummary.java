package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;

/** Counts of what a lab holds, and how much of its physical memory RAM dataspaces use. */
public record LabSummary(String platform, AddrRange physicalMemory, Size ramInUse, int dataspaces, int regionMaps,
                         int regions, int threads, int faultHandlers, int installedMappings) {
}
