package dev.pagerlab.engine.model;

/** Write and execute rights of a region, or what remains of them after a step of the fault path; reads are implied. */
public record Rights(boolean writable, boolean executable) {

    /** Read and write, no execution: the default of an attach. */
    public static final Rights READ_WRITE = new Rights(true, false);

    /** Read only. */
    public static final Rights READ_ONLY = new Rights(false, false);

    /** Everything: where the fault path starts. */
    public static final Rights ALL = new Rights(true, true);

    /** Read and execute, no write. */
    private static final Rights READ_EXECUTE = new Rights(false, true);

    /** The shared value of these rights: the fault path narrows rights at every level and allocates nothing. */
    public static Rights of(boolean writable, boolean executable) {
        return writable ? (executable ? ALL : READ_WRITE) : (executable ? READ_EXECUTE : READ_ONLY);
    }

    /** The rights both allow. */
    public Rights intersected(Rights other) {
        return of(writable && other.writable, executable && other.executable);
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
