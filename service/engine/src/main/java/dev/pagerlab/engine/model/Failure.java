package dev.pagerlab.engine.model;

/** Why an engine operation was refused, with a sentence for people; the lab is unchanged by a refused operation. */
public record Failure(Code code, String detail) {

    /** Machine-readable reasons; the names are the HTTP API's problem codes. */
    public enum Code {
        /** Genode's argument checks: unaligned offset or address, a region larger than its dataspace. */
        INVALID_ARGUMENTS,
        /** A value outside what the platform can address, or otherwise malformed. */
        VALIDATION_FAILED,
        /** The wanted range is taken or leaves the region map. */
        REGION_CONFLICT,
        /** An I/O-memory range overlaps the physical range of a live RAM or I/O-memory dataspace. */
        PHYS_CONFLICT,
        /** No physical memory left for a RAM dataspace. */
        OUT_OF_RAM,
        /** The object the operation is addressed to does not exist. */
        NOT_FOUND,
        /** A dataspace named as an argument does not exist. */
        INVALID_DATASPACE,
        /** A fault handler named as an argument does not exist. */
        INVALID_HANDLER,
        /** Only a running thread can fault. */
        THREAD_NOT_RUNNING,
        /** A configured limit of the lab is reached. */
        QUOTA_EXCEEDED
    }
}
