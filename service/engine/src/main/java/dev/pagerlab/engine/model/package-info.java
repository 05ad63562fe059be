/** The values the engine hands out: ids, faults, mappings, fault resolutions, traces and read-only views. */
@NullMarked
package dev.pagerlab.engine.model;

import org.jspecify.annotations.NullMarked;
