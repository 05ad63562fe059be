/** A lab: one simulated machine with its physical memory, dataspaces, region maps, threads, fault handlers and pager. */
@NullMarked
package dev.pagerlab.engine.lab;

import org.jspecify.annotations.NullMarked;
