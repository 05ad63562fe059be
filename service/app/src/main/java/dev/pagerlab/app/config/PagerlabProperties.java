package dev.pagerlab.app.config;

import dev.pagerlab.engine.lab.Quotas;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The service's settings ({@code pagerlab.*} in application.yaml): limits per instance and per lab, and the
 * server-sent-event streams.
 */
@ConfigurationProperties("pagerlab")
public record PagerlabProperties(@DefaultValue Limits limits, @DefaultValue Sse sse) {

    /**
     * How much one instance and one lab may hold; exceeding a limit is a 429 QUOTA_EXCEEDED. {@code traceBody} is the
     * body limit of a trace run, whose text trace may hold a million lines; a fault batch holds at most
     * {@code batchFaults} faults in a body of at most {@code batchRequestBody}; every other request has
     * {@code requestBody}.
     */
    public record Limits(@DefaultValue("256") int labs, @DefaultValue("256") int regionMaps,
                         @DefaultValue("4096") int regions, @DefaultValue("256") int threads,
                         @DefaultValue("1024") int dataspaces, @DefaultValue("64") int faultHandlers,
                         @DefaultValue("16384") int mappingsPerAddressSpace,
                         @DefaultValue("64KB") DataSize requestBody,
                         @DefaultValue("16MB") DataSize traceBody,
                         @DefaultValue("10000") int batchFaults,
                         @DefaultValue("2MB") DataSize batchRequestBody,
                         @DefaultValue("1000000") long operationsPerLab) {

        /** The engine's view of the per-lab limits. */
        public Quotas quotas() {
            return new Quotas(dataspaces, regionMaps, regions, threads, faultHandlers, mappingsPerAddressSpace);
        }
    }

    /**
     * Event streams: replay buffer per stream, unsent events a client may fall behind before it is dropped,
     * heartbeat and reconnect intervals, subscribers per lab.
     */
    public record Sse(@DefaultValue("1024") int replayBuffer, @DefaultValue("16384") int sendQueue,
                      @DefaultValue("15s") Duration heartbeat,
                      @DefaultValue("3s") Duration retry, @DefaultValue("32") int maxSubscribersPerLab,
                      @DefaultValue("30m") Duration timeout) {
    }
}
