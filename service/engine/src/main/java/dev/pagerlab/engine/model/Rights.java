package dev.pagerlab.engine.model;

/** Write and execute rights of a region, or what remains of them after a step of the fault path; reads are implied. */
public record Rights(boolean writable, boolean executable) {

    /** Read and write, no execution: the default of an attach. */
    public static final Rights READ_WRITE = new Rights(true, false);

    /** Read only. */
    public static final Rights READ_ONLY = new Rights(false, false);

    /** Everything: where the fault path starts. */
    public static final Rights ALL = new Rights(true, true);

    /** The rights both allow. */
    public Rights intersected(Rights other) {
        return new Rights(writable && other.writable, executable && other.executable);
    }

    /** Whether these rights allow {@code access}. */
    public boolean allow(Access access) {
        return switch (access) {
            case READ -> true;
            case WRITE -> writable;
            case EXEC -> executable;
        };
    }
}
