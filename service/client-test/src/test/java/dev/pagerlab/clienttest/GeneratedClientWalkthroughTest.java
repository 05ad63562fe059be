package dev.pagerlab.clienttest;

import dev.pagerlab.client.ApiClient;
import dev.pagerlab.client.ApiException;
import dev.pagerlab.client.api.DataspacesApi;
import dev.pagerlab.client.api.FaultHandlersAndEventsApi;
import dev.pagerlab.client.api.LabsAndPlatformsApi;
import dev.pagerlab.client.api.RmSessionsAndRegionsApi;
import dev.pagerlab.client.api.ThreadsAndFaultsApi;
import dev.pagerlab.client.model.Allocate;
import dev.pagerlab.client.model.Attach;
import dev.pagerlab.client.model.AttachDto;
import dev.pagerlab.client.model.CreateFaultHandler;
import dev.pagerlab.client.model.CreateLab;
import dev.pagerlab.client.model.CreateRmSession;
import dev.pagerlab.client.model.CreateThread;
import dev.pagerlab.client.model.DataspaceDto;
import dev.pagerlab.client.model.FaultResultDto;
import dev.pagerlab.client.model.RaiseFault;
import dev.pagerlab.client.model.RmSessionDto;
import dev.pagerlab.client.model.SetHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client generated from openapi/openapi.yaml at build time drives the app, started in-process on a free port:
 * the superpage walkthrough and the fault-handler wake-up. Creates answer their resources (201 documented), deletes
 * nothing (204 documented), refusals are problem details.
 */
class GeneratedClientWalkthroughTest {

    private static ConfigurableApplicationContext app;
    private static ApiClient client;

    @BeforeAll
    static void start() throws ClassNotFoundException {
        // By name: past "package" the app's artifact is the executable jar, whose classes javac cannot see; at run
        // time surefire puts the app's compiled classes on the class path (see this module's pom).
        app = new SpringApplicationBuilder(Class.forName("dev.pagerlab.app.PagerlabApplication"))
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off").run();
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String newLab() throws ApiException {
        // The create answers a lab, or {lab, report} when it ran a scenario: the spec says anyOf, and so does the client.
        Object created = new LabsAndPlatformsApi(client).labCreate(new CreateLab().platform("foc")
                .label("generated client")).getActualInstance();
        return created instanceof dev.pagerlab.client.model.LabFromScenario withReport ? withReport.getLab().getId()
                : ((dev.pagerlab.client.model.LabDto) created).getId();
    }

    @Test
    void superpage() throws ApiException {
        String lab = newLab();
        var dataspaces = new DataspacesApi(client);
        var rm = new RmSessionsAndRegionsApi(client);
        var threads = new ThreadsAndFaultsApi(client);

        DataspaceDto page = dataspaces.dataspaceAllocate(lab, new Allocate().type(Allocate.TypeEnum.RAM).size("4K"));
        DataspaceDto superpage = dataspaces.dataspaceAllocate(lab,
                new Allocate().type(Allocate.TypeEnum.RAM).size("4M"));
        assertThat(page.getPhysAddr()).isEqualTo("0x0");
        assertThat(superpage.getPhysAddr()).isEqualTo("0x400000");

        RmSessionDto as = rm.rmSessionCreate(lab, new CreateRmSession().size("1G").label("AS"));
        AttachDto region = rm.rmSessionAttach(lab, as.getId(), new Attach().dataspace(superpage.getId()));
        assertThat(region.getAt()).isEqualTo("0x0");
        String thread = threads.rmSessionCreateThread(lab, as.getId(), new CreateThread().name("main")).getId();

        FaultResultDto fault = threads.threadFault(lab, thread,
                new RaiseFault().addr("0x123456").type(RaiseFault.TypeEnum.READ), true);
        assertThat(fault.getOutcome()).hasToString("RESOLVED");
        assertThat(fault.getMapping().getVirt()).isEqualTo("0x0");
        assertThat(fault.getMapping().getPhys()).isEqualTo("0x400000");
        assertThat(fault.getMapping().getSizeLog2()).isEqualTo(22);
        assertThat(fault.getTrace()).isNotEmpty();
        assertThat(rm.rmSessionMappings(lab, as.getId())).hasSize(1);

        rm.rmSessionDetach(lab, as.getId(), "0x200000");
        assertThat(rm.rmSessionMappings(lab, as.getId())).isEmpty();
        new LabsAndPlatformsApi(client).labDestroy(lab);
        assertThatThrownBy(() -> new LabsAndPlatformsApi(client).labRead(lab))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"code\":\"NOT_FOUND\"");
                });
    }

    @Test
    void faultHandlerWakeUp() throws ApiException {
        String lab = newLab();
        var dataspaces = new DataspacesApi(client);
        var rm = new RmSessionsAndRegionsApi(client);
        var handlers = new FaultHandlersAndEventsApi(client);
        var threads = new ThreadsAndFaultsApi(client);

        RmSessionDto as = rm.rmSessionCreate(lab, new CreateRmSession().size("1G"));
        RmSessionDto sub = rm.rmSessionCreate(lab, new CreateRmSession().size("0x10000").label("sub"));
        rm.rmSessionAttach(lab, as.getId(), new Attach().dataspace(sub.getDataspace()).at("0x18000000"));
        String handler = handlers.faultHandlerCreate(lab, new CreateFaultHandler().label("pager of sub")).getId();
        rm.rmSessionSetHandler(lab, sub.getId(), new SetHandler().handler(handler));
        String thread = threads.rmSessionCreateThread(lab, as.getId(), new CreateThread()).getId();

        FaultResultDto fault = threads.threadFault(lab, thread,
                new RaiseFault().addr("0x18000000").type(RaiseFault.TypeEnum.READ), false);
        assertThat(fault.getOutcome()).hasToString("REFLECTED");
        assertThat(fault.getReflected().getRmSession()).isEqualTo(sub.getId());
        assertThat(fault.getReflected().getAddr()).isEqualTo("0x0");
        assertThat(rm.rmSessionState(lab, sub.getId()).getType()).hasToString("READ");
        assertThat(handlers.faultHandlerRead(lab, handler).getSubmitted()).isEqualTo(1);
        assertThat(threads.threadRead(lab, thread).getState()).isEqualTo("FAULTED");

        DataspaceDto page = dataspaces.dataspaceAllocate(lab, new Allocate().type(Allocate.TypeEnum.RAM).size("4K"));
        AttachDto attached = rm.rmSessionAttach(lab, sub.getId(), new Attach().dataspace(page.getId()).at("0x0"));
        assertThat(attached.getResumed()).singleElement().satisfies(resumed -> {
            assertThat(resumed.getOutcome()).hasToString("RESOLVED");
            assertThat(resumed.getMapping().getVirt()).isEqualTo("0x18000000");
            assertThat(resumed.getMapping().getPhys()).isEqualTo(page.getPhysAddr());
        });
        assertThat(threads.threadRead(lab, thread).getState()).isEqualTo("RUNNING");
        assertThat(rm.rmSessionState(lab, sub.getId()).getType()).hasToString("READY");
        new LabsAndPlatformsApi(client).labDestroy(lab);
    }
}
