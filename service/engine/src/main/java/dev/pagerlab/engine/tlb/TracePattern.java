package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Result;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An access pattern a teacher can name instead of writing a trace: a sequential scan, a strided walk, uniform random
 * accesses over a working set, or a matrix transpose. Each is sized, and the random one seeded: the same parameters
 * give the same trace in every version.
 */
public sealed interface TracePattern {

    /** Bytes between accesses of a sequential scan: one cache line. */
    long DEFAULT_STEP = 64;
    /** Bytes between accesses of a strided walk: one 4 KiB page, the worst case for a TLB of small pages. */
    long DEFAULT_STRIDE = 4096;
    /** Alignment of random accesses: one 64-bit word. */
    long DEFAULT_GRANULARITY = 8;
    /** Bytes per matrix element: a double. */
    long DEFAULT_ELEMENT_SIZE = 8;
    /** Rows (and columns) of a transposed matrix. */
    int DEFAULT_ROWS = 512;
    /** Accesses of a strided walk or random pattern. */
    int DEFAULT_ACCESSES = 100_000;
    /** Passes of a sequential scan. */
    int DEFAULT_PASSES = 1;
    /** Seed of the random pattern. */
    long DEFAULT_SEED = 1;

    /** The pattern's name, as {@link Kind#id()}. */
    Kind kind();

    /** The accesses, in order; refused with {@code VALIDATION_FAILED} when the parameters do not make a trace. */
    Result<AccessTrace> trace();

    /**
     * Reads {@code size} bytes from {@code base} every {@code step} bytes, {@code passes} times: the best case for
     * any TLB, and the textbook case for superpages.
     */
    record Sequential(Addr base, Size size, Size step, int passes, Access type) implements TracePattern {
        @Override
        public Kind kind() {
            return Kind.SEQUENTIAL;
        }

        @Override
        public Result<AccessTrace> trace() {
            Optional<String> bad = window(base, size).or(() -> positive("step", step))
                    .or(() -> passes < 1 ? Optional.of("passes must be at least 1") : Optional.empty());
            if (bad.isPresent()) {
                return refused(kind(), bad.get());
            }
            long perPass = Long.divideUnsigned(size.value() - 1, step.value()) + 1;
            if (Long.compareUnsigned(perPass, AccessTrace.MAX_ACCESSES) > 0
                    || perPass * passes > AccessTrace.MAX_ACCESSES) {
                return tooMany(kind(), "size / step x passes");
            }
            AccessTrace.Builder trace = new AccessTrace.Builder((int) perPass * passes);
            for (int pass = 0; pass < passes; pass++) {
                for (long i = 0, offset = 0; i < perPass; i++, offset += step.value()) {
                    trace.add(type, base.value() + offset);
                }
            }
            return Result.ok(trace.build());
        }
    }

    /**
     * {@code accesses} accesses {@code stride} bytes apart, wrapping around inside {@code [base, base + size)}: with a
     * page-sized stride every access needs another small page.
     */
    record Strided(Addr base, Size size, Size stride, int accesses, Access type) implements TracePattern {
        @Override
        public Kind kind() {
            return Kind.STRIDED;
        }

        @Override
        public Result<AccessTrace> trace() {
            Optional<String> bad = window(base, size).or(() -> positive("stride", stride))
                    .or(() -> count(accesses));
            if (bad.isPresent()) {
                return refused(kind(), bad.get());
            }
            long step = Long.remainderUnsigned(stride.value(), size.value());
            AccessTrace.Builder trace = new AccessTrace.Builder(accesses);
            long offset = 0;
            for (int i = 0; i < accesses; i++) {
                trace.add(type, base.value() + offset);
                long next = offset + step;
                // offset and step are below size, so one subtraction brings the sum back, even past 2^64.
                offset = Long.compareUnsigned(next, offset) < 0 || Long.compareUnsigned(next, size.value()) >= 0
                        ? next - size.value() : next;
            }
            return Result.ok(trace.build());
        }
    }

    /**
     * {@code accesses} accesses at uniformly random {@code granularity}-aligned offsets of {@code [base, base +
     * size)}: a working set of {@code size} bytes without locality.
     */
    record UniformRandom(Addr base, Size size, Size granularity, int accesses, long seed, Access type)
            implements TracePattern {
        @Override
        public Kind kind() {
            return Kind.RANDOM;
        }

        @Override
        public Result<AccessTrace> trace() {
            Optional<String> bad = window(base, size).or(() -> positive("granularity", granularity))
                    .or(() -> count(accesses));
            if (bad.isPresent()) {
                return refused(kind(), bad.get());
            }
            long slots = Long.divideUnsigned(size.value() - 1, granularity.value()) + 1;
            SplitMix64 random = new SplitMix64(seed);
            AccessTrace.Builder trace = new AccessTrace.Builder(accesses);
            for (int i = 0; i < accesses; i++) {
                trace.add(type, base.value() + random.below(slots) * granularity.value());
            }
            return Result.ok(trace.build());
        }
    }

    /**
     * {@code B = A^T} for square matrices of {@code rows x rows} elements of {@code elementSize} bytes: A at
     * {@code base}, B right after it. Reads A row by row and writes B column by column, so every write lands
     * {@code rows x elementSize} bytes after the previous one: {@code 2 x rows^2} accesses.
     */
    record Transpose(Addr base, int rows, Size elementSize) implements TracePattern {
        @Override
        public Kind kind() {
            return Kind.TRANSPOSE;
        }

        /** The bytes both matrices take, from {@code base}; empty when that passes 2^64. */
        public Optional<Size> footprint() {
            long elements = 2L * rows * rows;
            if (rows < 1 || Long.compareUnsigned(elementSize.value(), Long.divideUnsigned(-1L, elements)) > 0) {
                return Optional.empty();
            }
            return Optional.of(Size.of(elements * elementSize.value()));
        }

        @Override
        public Result<AccessTrace> trace() {
            if (rows < 1) {
                return refused(kind(), "rows must be at least 1");
            }
            if (2L * rows * rows > AccessTrace.MAX_ACCESSES) {
                return tooMany(kind(), "2 x rows^2");
            }
            if (elementSize.isZero()) {
                return refused(kind(), "elementSize must be above zero");
            }
            Optional<Size> footprint = footprint();
            Optional<String> bad = footprint.isEmpty() ? Optional.of("the two matrices pass 2^64")
                    : window(base, footprint.get());
            if (bad.isPresent()) {
                return refused(kind(), bad.get());
            }
            long e = elementSize.value();
            long a = base.value();
            long b = a + (long) rows * rows * e;
            AccessTrace.Builder trace = new AccessTrace.Builder(2 * rows * rows);
            for (long i = 0; i < rows; i++) {
                for (long j = 0; j < rows; j++) {
                    trace.add(Access.READ, a + (i * rows + j) * e);
                    trace.add(Access.WRITE, b + (j * rows + i) * e);
                }
            }
            return Result.ok(trace.build());
        }
    }

    /** The patterns a teacher can name, with what each parameter means and its default. */
    enum Kind {
        SEQUENTIAL("sequential", "Sequential scan: reads size bytes from base every step bytes, passes times. The"
                + " best case for every TLB: superpages turn thousands of misses into one per large page.",
                List.of(Parameter.BASE, Parameter.SIZE, Parameter.STEP, Parameter.PASSES, Parameter.TYPE)),
        STRIDED("strided", "Strided walk: accesses stride bytes apart, wrapping around inside [base, base + size)."
                + " With a page-sized stride every access needs another small page, so a small-page TLB misses on"
                + " nearly every access once the walk covers more pages than it has entries.",
                List.of(Parameter.BASE, Parameter.SIZE, Parameter.STRIDE, Parameter.ACCESSES, Parameter.TYPE)),
        RANDOM("random", "Uniform random accesses over a working set of size bytes at base (granularity-aligned,"
                + " seeded): no locality, so the TLB's reach (entries x mapping size) against the working set"
                + " decides the misses.",
                List.of(Parameter.BASE, Parameter.SIZE, Parameter.GRANULARITY, Parameter.ACCESSES, Parameter.SEED,
                        Parameter.TYPE)),
        TRANSPOSE("transpose", "Matrix transpose B = A^T of rows x rows elements: A at base, B right after it; reads"
                + " A row-major, writes B column-major (2 x rows^2 accesses). The column walk touches a new small"
                + " page on every write once a row is a page or longer.",
                List.of(Parameter.BASE, Parameter.ROWS, Parameter.ELEMENT_SIZE));

        private final String id;
        private final String description;
        private final List<Parameter> parameters;

        Kind(String id, String description, List<Parameter> parameters) {
            this.id = id;
            this.description = description;
            this.parameters = parameters;
        }

        /** The name a request uses, such as {@code sequential}. */
        public String id() {
            return id;
        }

        /** What the pattern does and what it shows, for people. */
        public String description() {
            return description;
        }

        /** The parameters it takes, in a stable order. */
        public List<Parameter> parameters() {
            return parameters;
        }

        /** The kind named {@code id} (any case), if there is one. */
        public static Optional<Kind> named(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id)).findFirst();
        }
    }

    /** A pattern parameter: its name in requests, what it means, and its default (empty: required). */
    enum Parameter {
        BASE("base", "first address of the accessed range (A's first element for transpose)", null),
        SIZE("size", "bytes of the accessed range", null),
        STEP("step", "bytes between consecutive accesses", Long.toString(DEFAULT_STEP)),
        STRIDE("stride", "bytes between consecutive accesses, wrapping around inside the range",
                Long.toString(DEFAULT_STRIDE)),
        GRANULARITY("granularity", "accesses fall on multiples of this many bytes from base",
                Long.toString(DEFAULT_GRANULARITY)),
        ELEMENT_SIZE("elementSize", "bytes per matrix element", Long.toString(DEFAULT_ELEMENT_SIZE)),
        ROWS("rows", "rows and columns of each matrix", Integer.toString(DEFAULT_ROWS)),
        PASSES("passes", "how many times the range is scanned", Integer.toString(DEFAULT_PASSES)),
        ACCESSES("accesses", "how many accesses, at most " + AccessTrace.MAX_ACCESSES,
                Integer.toString(DEFAULT_ACCESSES)),
        SEED("seed", "seed of the random generator (SplitMix64): the same seed gives the same trace",
                Long.toString(DEFAULT_SEED)),
        TYPE("type", "READ, WRITE or EXEC, for every access", "READ");

        private final String id;
        private final String meaning;
        private final @Nullable String defaultValue;

        Parameter(String id, String meaning, @Nullable String defaultValue) {
            this.id = id;
            this.meaning = meaning;
            this.defaultValue = defaultValue;
        }

        /** The name in a request, such as {@code elementSize}. */
        public String id() {
            return id;
        }

        /** What it means, for people. */
        public String meaning() {
            return meaning;
        }

        /** The default as text; empty when the parameter is required. */
        public Optional<String> defaultValue() {
            return Optional.ofNullable(defaultValue);
        }
    }

    /**
     * The parameters of a named pattern as a request gives them: null means "not given" (the default applies, or
     * the parameter is required). A parameter the pattern does not take is refused, so that a typo such as
     * {@code step} for a strided walk does not pass unnoticed.
     */
    record Parameters(@Nullable Addr base, @Nullable Size size, @Nullable Size step, @Nullable Size stride,
                      @Nullable Size granularity, @Nullable Size elementSize, @Nullable Integer rows,
                      @Nullable Integer passes, @Nullable Integer accesses, @Nullable Long seed,
                      @Nullable Access type) {

        /** No parameter given. */
        public static final Parameters NONE = new Parameters(null, null, null, null, null, null, null, null, null,
                null, null);

        private @Nullable Object value(Parameter p) {
            return switch (p) {
                case BASE -> base;
                case SIZE -> size;
                case STEP -> step;
                case STRIDE -> stride;
                case GRANULARITY -> granularity;
                case ELEMENT_SIZE -> elementSize;
                case ROWS -> rows;
                case PASSES -> passes;
                case ACCESSES -> accesses;
                case SEED -> seed;
                case TYPE -> type;
            };
        }
    }

    /**
     * The pattern {@code name} with {@code given} parameters and the defaults for the rest; refused with
     * {@code VALIDATION_FAILED} for an unknown name, a missing required parameter or one the pattern does not take.
     */
    static Result<TracePattern> named(String name, Parameters given) {
        Optional<Kind> found = Kind.named(name);
        if (found.isEmpty()) {
            return Result.refused(Code.VALIDATION_FAILED, "unknown trace pattern '" + name + "'; known: "
                    + String.join(", ", Arrays.stream(Kind.values()).map(Kind::id).toList()));
        }
        Kind kind = found.get();
        List<String> problems = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            boolean takes = kind.parameters().contains(p);
            if (!takes && given.value(p) != null) {
                problems.add(kind.id() + " takes no '" + p.id() + "'");
            } else if (takes && p.defaultValue().isEmpty() && given.value(p) == null) {
                problems.add(kind.id() + " needs '" + p.id() + "'");
            }
        }
        if (!problems.isEmpty()) {
            return Result.refused(Code.VALIDATION_FAILED, String.join("; ", problems) + " (it takes "
                    + String.join(", ", kind.parameters().stream().map(Parameter::id).toList()) + ")");
        }
        Addr base = java.util.Objects.requireNonNull(given.base());
        Access type = given.type() == null ? Access.READ : given.type();
        return Result.ok(switch (kind) {
            case SEQUENTIAL -> new Sequential(base, java.util.Objects.requireNonNull(given.size()),
                    orDefault(given.step(), DEFAULT_STEP), given.passes() == null ? DEFAULT_PASSES : given.passes(),
                    type);
            case STRIDED -> new Strided(base, java.util.Objects.requireNonNull(given.size()),
                    orDefault(given.stride(), DEFAULT_STRIDE),
                    given.accesses() == null ? DEFAULT_ACCESSES : given.accesses(), type);
            case RANDOM -> new UniformRandom(base, java.util.Objects.requireNonNull(given.size()),
                    orDefault(given.granularity(), DEFAULT_GRANULARITY),
                    given.accesses() == null ? DEFAULT_ACCESSES : given.accesses(),
                    given.seed() == null ? DEFAULT_SEED : given.seed(), type);
            case TRANSPOSE -> new Transpose(base, given.rows() == null ? DEFAULT_ROWS : given.rows(),
                    orDefault(given.elementSize(), DEFAULT_ELEMENT_SIZE));
        });
    }

    private static Size orDefault(@Nullable Size given, long fallback) {
        return given == null ? Size.of(fallback) : given;
    }

    private static Optional<String> window(Addr base, Size size) {
        if (size.isZero()) {
            return Optional.of("size must be above zero");
        }
        return AddrRange.of(base, size).valid() ? Optional.empty()
                : Optional.of("[" + base + ", +" + size + ") passes 2^64");
    }

    private static Optional<String> positive(String name, Size value) {
        return value.isZero() ? Optional.of(name + " must be above zero") : Optional.empty();
    }

    private static Optional<String> count(int accesses) {
        return accesses < 1 || accesses > AccessTrace.MAX_ACCESSES
                ? Optional.of("accesses must be between 1 and " + AccessTrace.MAX_ACCESSES) : Optional.empty();
    }

    private static <T> Result<T> refused(Kind kind, String why) {
        return Result.refused(Code.VALIDATION_FAILED, kind.id() + " pattern: " + why);
    }

    private static <T> Result<T> tooMany(Kind kind, String what) {
        return refused(kind, what + " is more than " + AccessTrace.MAX_ACCESSES + " accesses");
    }
}
