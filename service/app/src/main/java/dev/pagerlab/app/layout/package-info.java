/** The picture of a region map ({@code layout.svg}): regions, nested region maps, installed mappings and the grid. */
@NullMarked
package dev.pagerlab.app.layout;

import org.jspecify.annotations.NullMarked;
