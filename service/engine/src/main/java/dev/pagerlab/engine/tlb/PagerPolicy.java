package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;

/** Which mapping a pager installs for a fault it resolves. */
public enum PagerPolicy {

    /** Genode's pager: the largest flexpage source and destination both allow, as the platform installs it. */
    BEST {
        @Override
        PlatformProfile profile(PlatformProfile platform) {
            return platform;
        }
    },

    /**
     * The same lookup, but every mapping is one page of {@code 2^P}: the "simple implementation" that pollutes the
     * TLB with an entry per page.
     */
    SINGLE_PAGE {
        @Override
        PlatformProfile profile(PlatformProfile platform) {
            // The pager's lookup is untouched; only the kernel's answer to "how large may it be" is always P.
            return platform.withMapSizes(platform.name() + "+single-page",
                    MapSizeConstraint.PageSizes.of(platform.pageSize().value()),
                    platform.description() + "; every mapping one page of 2^" + platform.pageSize());
        }
    };

    /** The platform this pager behaves like: the lab's own, or one whose kernel installs only single pages. */
    abstract PlatformProfile profile(PlatformProfile platform);
}
