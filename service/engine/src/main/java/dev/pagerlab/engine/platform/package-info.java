/** Platform profiles: the page size, address width and map sizes of the kernel and MMU a lab simulates. */
@NullMarked
package dev.pagerlab.engine.platform;

import org.jspecify.annotations.NullMarked;
