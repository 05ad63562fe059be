package dev.pagerlab.scenario;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The platform of a scenario: {@code platform: foc} (a built-in profile) or {@code customPlatform: {name?,
 * pageSizeLog2, addressBits, mapSizes | flexpageMaxLog2, revocation?}} as in {@code POST /api/v1/labs}.
 */
public sealed interface PlatformSpec {

    /** The engine's profile, or a sentence saying why there is none. */
    Optional<PlatformProfile> profile();

    /** A built-in profile by name. */
    record BuiltIn(String name) implements PlatformSpec {
        @Override
        public Optional<PlatformProfile> profile() {
            return PlatformProfile.builtIn(name);
        }
    }

    /**
     * A made-up profile; exactly one of {@code mapSizes} and {@code flexpageMaxLog2}; {@code revocation} null means
     * {@code PATH}.
     */
    record Custom(@Nullable String name, int pageSizeLog2, int addressBits, @Nullable List<Integer> mapSizes,
                  @Nullable Integer flexpageMaxLog2, @Nullable Revocation revocation) implements PlatformSpec {

        /** Empty when the numbers do not make a profile (see {@link #problem()}). */
        @Override
        public Optional<PlatformProfile> profile() {
            return problem() == null ? Optional.of(build()) : Optional.empty();
        }

        /** Why these numbers make no profile, or null when they do. */
        public @Nullable String problem() {
            if ((mapSizes == null) == (flexpageMaxLog2 == null)) {
                return "customPlatform needs exactly one of mapSizes and flexpageMaxLog2";
            }
            try {
                build();
                return null;
            } catch (IllegalArgumentException e) {
                return "customPlatform: " + e.getMessage();
            }
        }

        private PlatformProfile build() {
            MapSizeConstraint sizes = mapSizes != null ? new MapSizeConstraint.PageSizes(new TreeSet<>(mapSizes))
                    : new MapSizeConstraint.Flexpage(Log2.of(java.util.Objects.requireNonNull(flexpageMaxLog2)));
            return new PlatformProfile(name == null ? "custom" : name, Log2.of(pageSizeLog2), addressBits, sizes,
                    revocation == null ? Revocation.PATH : revocation, "custom profile");
        }
    }

    /** How a lab's profile is written in a scenario: by name when it is a built-in one, else in full. */
    static PlatformSpec of(PlatformProfile profile) {
        if (PlatformProfile.builtIn(profile.name()).filter(profile::equals).isPresent()) {
            return new BuiltIn(profile.name());
        }
        // PATH is the default and stays unwritten, so that exports of path-revoking labs keep their shape.
        Revocation revocation = profile.revocation() == Revocation.PATH ? null : profile.revocation();
        return switch (profile.mapSizes()) {
            case MapSizeConstraint.PageSizes(var sizes) -> new Custom(profile.name(), profile.pageSize().value(),
                    profile.addressBits(), List.copyOf(sizes), null, revocation);
            case MapSizeConstraint.Flexpage(Log2 max) -> new Custom(profile.name(), profile.pageSize().value(),
                    profile.addressBits(), null, max.value(), revocation);
        };
    }
}
