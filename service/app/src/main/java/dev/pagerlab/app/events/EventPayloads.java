package dev.pagerlab.app.events;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.Fault;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON data of each lab event on the {@code events} stream, in the API's notation. */
final class EventPayloads {

    private EventPayloads() {
    }

    static Map<String, Object> of(LabEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", event.kind());
        switch (event) {
            case LabEvent.DataspaceCreated e -> data.put("dataspace", Dto.DataspaceDto.of(e.dataspace()));
            case LabEvent.DataspaceDestroyed e -> data.put("dataspace", Dto.DataspaceDto.of(e.dataspace()));
            case LabEvent.RegionMapCreated e -> data.put("rmSession", e.regionMap().toString());
            case LabEvent.RegionMapDestroyed e -> data.put("rmSession", e.regionMap().toString());
            case LabEvent.RegionAttached e -> {
                data.put("rmSession", e.regionMap().toString());
                data.put("region", Dto.RegionDto.of(e.region()));
            }
            case LabEvent.RegionDetached e -> {
                data.put("rmSession", e.regionMap().toString());
                data.put("region", Dto.RegionDto.of(e.region()));
                data.put("revocation", Dto.RevokedDto.of(e.revoked()));
            }
            case LabEvent.RegionReserved e -> {
                data.put("rmSession", e.regionMap().toString());
                data.put("region", Dto.RegionDto.of(e.region()));
                data.put("revocation", Dto.RevokedDto.of(e.revoked()));
            }
            case LabEvent.MappingInstalled e -> {
                data.put("rmSession", e.addressSpace().toString());
                data.put("thread", e.thread().toString());
                data.put("mapping", Dto.MappingDto.of(e.mapping()));
            }
            case LabEvent.MappingFlushed e -> {
                data.put("rmSession", e.addressSpace().toString());
                data.put("mapping", Dto.MappingDto.of(e.mapping()));
            }
            case LabEvent.FaultAnswered e -> {
                data.put("thread", e.thread().toString());
                data.put("access", e.access().name());
                data.put("addr", e.addr().hex());
                data.put("outcome", e.resolution().outcome());
            }
            case LabEvent.FaultReflected e -> {
                data.put("thread", e.thread().toString());
                data.put("rmSession", e.regionMap().toString());
                putFault(data, e.fault());
            }
            case LabEvent.SignalSubmitted e -> {
                data.put("handler", e.handler().toString());
                data.put("rmSession", e.regionMap().toString());
                data.put("undelivered", e.undelivered());
            }
            case LabEvent.FaultHandlerChanged e -> {
                data.put("rmSession", e.regionMap().toString());
                data.put("handler", text(e.handler()));
            }
            case LabEvent.ThreadCreated e -> {
                data.put("thread", e.thread().toString());
                data.put("rmSession", e.addressSpace().toString());
            }
            case LabEvent.ThreadStopped e -> {
                data.put("thread", e.thread().toString());
                data.put("reason", e.reason());
            }
            case LabEvent.ThreadResumed e -> {
                data.put("thread", e.thread().toString());
                data.put("rmSession", e.regionMap().toString());
            }
        }
        return data;
    }

    private static void putFault(Map<String, Object> data, Fault fault) {
        data.put("access", fault.type().name());
        data.put("addr", fault.addr().hex());
    }

    private static @Nullable String text(@Nullable Object id) {
        return id == null ? null : id.toString();
    }
}
