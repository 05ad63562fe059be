/** The teaching page: the entry page and the live page of a lab, static HTML and JavaScript modules. */
@NullMarked
package dev.pagerlab.app.page;

import org.jspecify.annotations.NullMarked;
