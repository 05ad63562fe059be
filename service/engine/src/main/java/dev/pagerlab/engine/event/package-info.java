/** What happened in a lab, as records handed to a plain listener; the app turns them into server-sent events. */
@NullMarked
package dev.pagerlab.engine.event;

import org.jspecify.annotations.NullMarked;
