/** Unsigned 64-bit addresses, sizes, log2 sizes and ranges: the arithmetic of page tables without wrap-around. */
@NullMarked
package dev.pagerlab.engine.addr;

import org.jspecify.annotations.NullMarked;
