package dev.pagerlab.app.dataspaces;

import dev.pagerlab.app.config.LabMetrics;
import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.events.StreamRegistry;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.platform.PlatformProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The dataspace controller alone, over the real lab registry: HTTP in, engine call, JSON and status out. */
@WebMvcTest(controllers = DataspaceController.class, properties = "pagerlab.storage=memory")
@Import({LabRegistry.class, StreamRegistry.class, LabMetrics.class, DataspaceControllerSliceTest.Meters.class,
        dev.pagerlab.app.storage.StorageConfig.class, dev.pagerlab.app.storage.LabStorage.class})
@EnableConfigurationProperties(PagerlabProperties.class)
class DataspaceControllerSliceTest {

    @TestConfiguration
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    LabRegistry labs;

    private String base;

    @BeforeEach
    void aFreshLab() {
        var entry = labs.create(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY, "");
        base = "/api/v1/labs/" + entry.id();
    }

    @Test
    void allocatesRamAtTheLowestNaturallyAlignedAddress() throws Exception {
        mvc.perform(post(base + "/dataspaces").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"RAM\",\"size\":\"4K\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", base + "/dataspaces/ds-1"))
                .andExpect(jsonPath("$.physAddr").value("0x0"));
        mvc.perform(post(base + "/dataspaces").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"RAM\",\"size\":4194304,\"cache\":\"WRITE_COMBINED\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.physAddr").value("0x400000"))
                .andExpect(jsonPath("$.size").value("0x400000"))
                .andExpect(jsonPath("$.cache").value("WRITE_COMBINED"));
        mvc.perform(get(base + "/dataspaces"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[1].id").value("ds-2"));
    }

    @Test
    void ioMemoryNeedsAPhysicalAddressAndRamRefusesOne() throws Exception {
        mvc.perform(post(base + "/dataspaces").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"IO_MEM\",\"size\":\"4K\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(post(base + "/dataspaces").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"RAM\",\"size\":\"4K\",\"physAddr\":\"0x1000\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(post(base + "/dataspaces").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"IO_MEM\",\"size\":\"4K\",\"physAddr\":\"0xfee00000\",\"writable\":false}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.type").value("IO_MEM"))
                .andExpect(jsonPath("$.writable").value(false))
                .andExpect(jsonPath("$.physAddr").value("0xfee00000"));
    }

    @Test
    void freeingAnUnknownDataspaceIsNotFound() throws Exception {
        mvc.perform(delete(base + "/dataspaces/ds-404"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
        mvc.perform(delete(base + "/dataspaces/nonsense"))
                .andExpect(status().isNotFound());
    }
}
