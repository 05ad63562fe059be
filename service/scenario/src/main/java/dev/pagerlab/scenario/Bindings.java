package dev.pagerlab.scenario;

import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * The scenario's names for the ids its lab handed out, both ways. An id the scenario did not name is written as the
 * id itself, so an answer never lacks a name.
 */
final class Bindings {

    private final Map<String, DataspaceId> dataspaces = new HashMap<>();
    private final Map<DataspaceId, String> dataspaceNames = new HashMap<>();
    private final Map<String, RegionMapId> rmSessions = new HashMap<>();
    private final Map<RegionMapId, String> rmSessionNames = new HashMap<>();
    private final Map<String, ThreadId> threads = new HashMap<>();
    private final Map<ThreadId, String> threadNames = new HashMap<>();
    private final Map<String, HandlerId> handlers = new HashMap<>();
    private final Map<HandlerId, String> handlerNames = new HashMap<>();

    void dataspace(String name, DataspaceId id) {
        dataspaces.put(name, id);
        dataspaceNames.put(id, name);
    }

    void rmSession(String name, RegionMapId id, DataspaceId managed) {
        rmSessions.put(name, id);
        rmSessionNames.put(id, name);
        dataspace(name + ".dataspace", managed);
    }

    void thread(String name, ThreadId id) {
        threads.put(name, id);
        threadNames.put(id, name);
    }

    void handler(String name, HandlerId id) {
        handlers.put(name, id);
        handlerNames.put(id, name);
    }

    @Nullable DataspaceId dataspace(String name) {
        return dataspaces.get(name);
    }

    @Nullable RegionMapId rmSession(String name) {
        return rmSessions.get(name);
    }

    @Nullable ThreadId thread(String name) {
        return threads.get(name);
    }

    @Nullable HandlerId handler(String name) {
        return handlers.get(name);
    }

    String name(DataspaceId id) {
        return dataspaceNames.getOrDefault(id, id.toString());
    }

    String name(RegionMapId id) {
        return rmSessionNames.getOrDefault(id, id.toString());
    }

    String name(ThreadId id) {
        return threadNames.getOrDefault(id, id.toString());
    }

    String name(HandlerId id) {
        return handlerNames.getOrDefault(id, id.toString());
    }
}
