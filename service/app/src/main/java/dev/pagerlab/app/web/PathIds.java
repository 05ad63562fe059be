package dev.pagerlab.app.web;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;

import java.util.Optional;
import java.util.function.Function;

/**
 * Reads ids and addresses from paths and bodies. An id in the path that names nothing is 404 NOT_FOUND; one in the
 * body is 422 (INVALID_DATASPACE, INVALID_HANDLER), as api.md says.
 */
public final class PathIds {

    private PathIds() {
    }

    private static <T> T parsed(String text, Function<String, Optional<T>> parser, Code code, String what) {
        return parser.apply(text).orElseThrow(() -> new Refused(code, "no " + what + " " + text));
    }

    public static RegionMapId rmSession(String text) {
        return parsed(text, RegionMapId::parse, Code.NOT_FOUND, "RM session");
    }

    public static DataspaceId dataspace(String text) {
        return parsed(text, DataspaceId::parse, Code.NOT_FOUND, "dataspace");
    }

    public static ThreadId thread(String text) {
        return parsed(text, ThreadId::parse, Code.NOT_FOUND, "thread");
    }

    public static HandlerId handler(String text) {
        return parsed(text, HandlerId::parse, Code.NOT_FOUND, "fault handler");
    }

    /** A dataspace named in a request body. */
    public static DataspaceId dataspaceArgument(String text) {
        return parsed(text, DataspaceId::parse, Code.INVALID_DATASPACE, "dataspace");
    }

    /** A fault handler named in a request body. */
    public static HandlerId handlerArgument(String text) {
        return parsed(text, HandlerId::parse, Code.INVALID_HANDLER, "fault handler");
    }

    /** An address in a path, in the API's notation; malformed is 400 VALIDATION_FAILED. */
    public static Addr address(String text) {
        return Addr.of(UnsignedInput.parse(text));
    }
}
