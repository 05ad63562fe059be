/**
 * Trace runs: a thread's memory accesses replayed through a TLB on a copy of a lab, once per pager policy, to count
 * what the best-mapping pager saves against one that maps single pages.
 */
@NullMarked
package dev.pagerlab.engine.tlb;

import org.jspecify.annotations.NullMarked;
