package dev.pagerlab.app.walkthrough;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md through HTTP, with the exact numbers: what a lab handout's student sees. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkedChecksOverHttpTest {

    @LocalServerPort
    int port;

    private Api service;

    /** The labs a test made, destroyed after it, so that the instance's lab limit holds for every test class. */
    private final java.util.List<Api> labs = new java.util.ArrayList<>();

    @BeforeEach
    void connect() {
        service = Api.on(port);
    }

    @org.junit.jupiter.api.AfterEach
    void destroyTheLabs() {
        for (Api lab : labs) {
            assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
        }
    }

    private Api newLab(String platform) {
        Api lab = service.newLab(platform);
        labs.add(lab);
        return lab;
    }

    /** The superpage set-up: a 4 KiB and a 4 MiB RAM dataspace, the latter attached without 'at' into a 1 GiB AS. */
    private record Superpage(Api lab, String as, String thread) {
    }

    private Superpage superpage(String platform) {
        Api lab = newLab(platform);
        assertThat(lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}").text("/physAddr")).isEqualTo("0x0");
        var big = lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}");
        assertThat(big.text("/physAddr")).isEqualTo("0x400000");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        var attached = lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + big.text("/id") + "\"}");
        assertThat(attached.status()).isEqualTo(201);
        assertThat(attached.text("/at")).isEqualTo("0x0");
        assertThat(attached.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith("/regions/0x0"));
        return new Superpage(lab, as, lab.create("/rm-sessions/" + as + "/threads", "{}"));
    }

    private static Api.Answer read(Api lab, String thread, String addr) {
        return lab.post("/threads/" + thread + "/faults", "{\"addr\":\"" + addr + "\",\"type\":\"READ\"}");
    }

    @Test
    void superpage() {
        Superpage sp = superpage("foc");

        var fault = read(sp.lab, sp.thread, "0x123456");

        assertThat(fault.status()).isEqualTo(200);
        assertThat(fault.text("/outcome")).isEqualTo("RESOLVED");
        assertThat(fault.text("/mapping/virt")).isEqualTo("0x0");
        assertThat(fault.text("/mapping/phys")).isEqualTo("0x400000");
        assertThat(fault.integer("/mapping/sizeLog2")).isEqualTo(22);
        assertThat(fault.text("/mapping/size")).isEqualTo("0x400000");
        assertThat(fault.text("/thread/state")).isEqualTo("RUNNING");
        assertThat(fault.body().has("trace")).isFalse();
    }

    @ParameterizedTest(name = "{0}: virt {1} -> phys {2}, 2^{3}")
    @CsvSource({"x86_64, 0x0, 0x400000, 21", "sel4, 0x0, 0x400000, 21", "hw, 0x100000, 0x500000, 20",
            "arm_v7, 0x100000, 0x500000, 20", "x86_32, 0x0, 0x400000, 22"})
    void platformConstraint(String platform, String virt, String phys, int sizeLog2) {
        Superpage sp = superpage(platform);

        var fault = read(sp.lab, sp.thread, "0x123456");

        assertThat(fault.text("/mapping/virt")).isEqualTo(virt);
        assertThat(fault.text("/mapping/phys")).isEqualTo(phys);
        assertThat(fault.integer("/mapping/sizeLog2")).isEqualTo(sizeLog2);
    }

    @ParameterizedTest(name = "{0}: {1} mappings left after the detach")
    @CsvSource({"foc, 0", "nova, 2"})
    void offsetBreaksAlignmentAndDetachFlushes(String platform, int left) {
        Superpage sp = superpage(platform);
        read(sp.lab, sp.thread, "0x123456");
        assertThat(sp.lab.post("/rm-sessions/" + sp.as + "/regions",
                "{\"dataspace\":\"ds-2\",\"at\":\"0x10000000\",\"offset\":\"0x1000\",\"size\":\"0x3ff000\"}")
                .status()).isEqualTo(201);

        var first = read(sp.lab, sp.thread, "0x10000000");
        var second = sp.lab.post("/threads/" + sp.thread + "/faults?explain=true",
                "{\"addr\":\"0x10200000\",\"type\":\"READ\"}");

        assertThat(first.text("/mapping/virt")).isEqualTo("0x10000000");
        assertThat(first.text("/mapping/phys")).isEqualTo("0x401000");
        assertThat(first.integer("/mapping/sizeLog2")).isEqualTo(12);
        assertThat(second.text("/mapping/virt")).isEqualTo("0x10200000");
        assertThat(second.text("/mapping/phys")).isEqualTo("0x601000");
        assertThat(second.integer("/mapping/sizeLog2")).isEqualTo(12);
        var leaf = second.body().get("trace").get(1);
        assertThat(leaf.get("step").asString()).isEqualTo("leaf");
        assertThat(leaf.get("sourceBlockLog2").asInt()).isEqualTo(21);
        assertThat(leaf.get("commonLog2").asInt()).isEqualTo(12);

        assertThat(sp.lab.delete("/rm-sessions/" + sp.as + "/regions/0x200000").status()).isEqualTo(204);

        // nova unmaps by path: the other region's two 4 KiB mappings stay. foc revokes the detached region's frames
        // [0x400000, 0x7fffff] through its mapping database, and those two mappings show the same frames.
        var mappings = sp.lab.get("/rm-sessions/" + sp.as + "/mappings").body();
        assertThat(mappings.size()).isEqualTo(left);
        if (left == 2) {
            assertThat(mappings.get(0).get("virt").asString()).isEqualTo("0x10000000");
            assertThat(mappings.get(1).get("virt").asString()).isEqualTo("0x10200000");
        }
    }

    /** AS > top > {shim1, shim2}; two read-only RAM pages at 0x1000 in shim2, at 0x7000 seen from AS. */
    private record Nesting(Api lab, String thread, String shim2) {
    }

    private Nesting nesting() {
        Api lab = newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        var top = lab.post("/rm-sessions", "{\"size\":\"0xA000\",\"label\":\"top\"}");
        var shim1 = lab.post("/rm-sessions", "{\"size\":\"0x6000\",\"label\":\"shim1\"}");
        var shim2 = lab.post("/rm-sessions", "{\"size\":\"0x4000\",\"label\":\"shim2\"}");
        String topId = top.text("/id");
        assertThat(lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + top.text("/dataspace") + "\"}")
                .text("/at")).isEqualTo("0x0");
        assertThat(lab.post("/rm-sessions/" + topId + "/regions", "{\"dataspace\":\"" + shim1.text("/dataspace")
                + "\"}").text("/at")).isEqualTo("0x0");
        assertThat(lab.post("/rm-sessions/" + topId + "/regions", "{\"dataspace\":\"" + shim2.text("/dataspace")
                + "\"}").text("/at")).isEqualTo("0x6000");
        var pages = lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"8K\"}");
        assertThat(pages.text("/physAddr")).isEqualTo("0x0");
        assertThat(lab.post("/rm-sessions/" + shim2.text("/id") + "/regions", "{\"dataspace\":\"" + pages.text("/id")
                + "\",\"at\":\"0x1000\",\"writable\":false}").status()).isEqualTo(201);
        return new Nesting(lab, lab.create("/rm-sessions/" + as + "/threads", "{\"name\":\"main\"}"),
                shim2.text("/id"));
    }

    @Test
    void nestingResolvesReadOnlyThroughTwoManagedDataspaces() {
        Nesting n = nesting();

        var fault = n.lab.post("/threads/" + n.thread + "/faults?explain=true", "{\"addr\":\"0x7000\",\"type\":\"READ\"}");

        assertThat(fault.text("/outcome")).isEqualTo("RESOLVED");
        assertThat(fault.text("/mapping/virt")).isEqualTo("0x7000");
        assertThat(fault.text("/mapping/phys")).isEqualTo("0x0");
        assertThat(fault.integer("/mapping/sizeLog2")).isEqualTo(12);
        assertThat(fault.body().at("/mapping/writable").asBoolean()).isFalse();
        assertThat(fault.body().get("trace").size()).isEqualTo(4);
        assertThat(fault.text("/trace/2/rmSession")).isEqualTo(n.shim2);
        assertThat(fault.text("/trace/2/addr")).isEqualTo("0x1000");
    }

    @Test
    void nestingWithoutHandlerStopsTheThread() {
        Nesting n = nesting();

        var fault = read(n.lab, n.thread, "0x6000");

        assertThat(fault.status()).isEqualTo(200);
        assertThat(fault.text("/outcome")).isEqualTo("NO_REGION");
        assertThat(fault.text("/thread/state")).isEqualTo("STOPPED");
        assertThat(fault.text("/failedAt/rmSession")).isEqualTo(n.shim2);
        assertThat(fault.text("/failedAt/addr")).isEqualTo("0x0");
        assertThat(read(n.lab, n.thread, "0x7000").status()).isEqualTo(409);
    }

    @Test
    void nestingWithHandlerReflectsAtTheInnermostMap() {
        Nesting n = nesting();
        String handler = n.lab.create("/fault-handlers", "{}");
        assertThat(n.lab.put("/rm-sessions/" + n.shim2 + "/fault-handler", "{\"handler\":\"" + handler + "\"}")
                .status()).isEqualTo(200);

        var fault = read(n.lab, n.thread, "0x6000");

        assertThat(fault.text("/outcome")).isEqualTo("REFLECTED");
        assertThat(fault.text("/reflected/rmSession")).isEqualTo(n.shim2);
        assertThat(fault.text("/reflected/type")).isEqualTo("READ");
        assertThat(fault.text("/reflected/addr")).isEqualTo("0x0");
        assertThat(fault.text("/thread/state")).isEqualTo("FAULTED");
        var state = n.lab.get("/rm-sessions/" + n.shim2 + "/state");
        assertThat(state.text("/type")).isEqualTo("READ");
        assertThat(state.text("/addr")).isEqualTo("0x0");
        assertThat(n.lab.get("/rm-sessions/rm-2/state").text("/type")).isEqualTo("READY");
        assertThat(n.lab.get("/fault-handlers/" + handler).body().get("submitted").asLong()).isEqualTo(1);
    }

    @Test
    void writeToTheReadOnlyRegionIsAViolationReflectedInShim2Coordinates() {
        Nesting n = nesting();
        String handler = n.lab.create("/fault-handlers", "{}");
        n.lab.put("/rm-sessions/" + n.shim2 + "/fault-handler", "{\"handler\":\"" + handler + "\"}");

        var fault = n.lab.post("/threads/" + n.thread + "/faults", "{\"addr\":\"0x7000\",\"type\":\"WRITE\"}");

        assertThat(fault.text("/outcome")).isEqualTo("REFLECTED");
        assertThat(fault.text("/reflected/cause")).isEqualTo("WRITE_VIOLATION");
        assertThat(fault.text("/reflected/type")).isEqualTo("WRITE");
        assertThat(fault.text("/reflected/addr")).isEqualTo("0x1000");
    }

    @Test
    void wakeUpByAttach() {
        Api lab = newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        var sub = lab.post("/rm-sessions", "{\"size\":\"0x10000\",\"label\":\"sub\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + sub.text("/dataspace")
                + "\",\"at\":\"0x18000000\"}");
        String handler = lab.create("/fault-handlers", "{}");
        lab.put("/rm-sessions/" + sub.text("/id") + "/fault-handler", "{\"handler\":\"" + handler + "\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");

        var fault = read(lab, thread, "0x18000000");
        assertThat(fault.text("/outcome")).isEqualTo("REFLECTED");
        assertThat(fault.text("/reflected/addr")).isEqualTo("0x0");
        assertThat(lab.get("/threads/" + thread).text("/state")).isEqualTo("FAULTED");
        assertThat(lab.get("/threads/" + thread).text("/pendingFault/rmSession")).isEqualTo(sub.text("/id"));

        String page = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        var attached = lab.post("/rm-sessions/" + sub.text("/id") + "/regions", "{\"dataspace\":\"" + page
                + "\",\"at\":\"0x0\"}");

        assertThat(attached.body().get("resumed").size()).isEqualTo(1);
        assertThat(attached.text("/resumed/0/outcome")).isEqualTo("RESOLVED");
        assertThat(attached.text("/resumed/0/mapping/virt")).isEqualTo("0x18000000");
        assertThat(attached.text("/resumed/0/mapping/phys")).isEqualTo("0x0");
        assertThat(attached.integer("/resumed/0/mapping/sizeLog2")).isEqualTo(12);
        assertThat(lab.get("/rm-sessions/" + sub.text("/id") + "/state").text("/type")).isEqualTo("READY");
        assertThat(lab.get("/threads/" + thread).text("/state")).isEqualTo("RUNNING");
    }

    @Test
    void recursionLimitStopsTheThreadAndTheServiceKeepsServing() {
        Api lab = newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        var s = lab.post("/rm-sessions", "{\"size\":\"0x10000\"}");
        lab.post("/rm-sessions/" + s.text("/id") + "/regions", "{\"dataspace\":\"" + s.text("/dataspace")
                + "\",\"at\":\"0\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + s.text("/dataspace")
                + "\",\"at\":\"0x20000000\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");

        var fault = read(lab, thread, "0x20000000");

        assertThat(fault.status()).isEqualTo(200);
        assertThat(fault.text("/outcome")).isEqualTo("RECURSION_LIMIT");
        assertThat(fault.text("/thread/state")).isEqualTo("STOPPED");
        assertThat(lab.get("").status()).isEqualTo(200);
        assertThat(service.get("").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- checks 8 to 11: fidelity with Genode core

    @Test
    void roundingRegionMapSizesUpToWholePages() {
        Api lab = newLab("foc");
        var created = lab.post("/rm-sessions", "{\"size\":\"0x1800\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("/size")).isEqualTo("0x2000");
        var zero = lab.post("/rm-sessions", "{\"size\":\"0\"}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.text("/code")).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void ioMemoryIsUncachedAndExclusive() {
        Api lab = newLab("foc");
        var io = lab.post("/dataspaces", "{\"type\":\"IO_MEM\",\"size\":\"0x1000\",\"physAddr\":\"0xfd000000\"}");
        assertThat(io.status()).isEqualTo(201);
        assertThat(io.text("/cache")).isEqualTo("UNCACHED");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + io.text("/id") + "\"}");
        var fault = read(lab, lab.create("/rm-sessions/" + as + "/threads", "{}"), "0x0");
        assertThat(fault.text("/mapping/phys")).isEqualTo("0xfd000000");
        assertThat(fault.body().get("mapping").get("ioMem").asBoolean()).isTrue();
        assertThat(fault.text("/mapping/cache")).isEqualTo("UNCACHED");

        var cached = lab.post("/dataspaces",
                "{\"type\":\"IO_MEM\",\"size\":\"0x1000\",\"physAddr\":\"0xfe000000\",\"cache\":\"CACHED\"}");
        assertThat(cached.status()).isEqualTo(400);
        assertThat(cached.text("/code")).isEqualTo("INVALID_ARGUMENTS");

        assertThat(lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}").text("/physAddr")).isEqualTo("0x0");
        var conflict = lab.post("/dataspaces", "{\"type\":\"IO_MEM\",\"size\":\"0x1000\",\"physAddr\":\"0x0\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("/code")).isEqualTo("PHYS_CONFLICT");
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(lab.post("/dataspaces", "{\"type\":\"IO_MEM\",\"size\":\"0x1000\",\"physAddr\":\"0x1000\"}")
                .status()).isEqualTo(201);
        assertThat(lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}").text("/physAddr"))
                .isEqualTo("0x2000");
    }

    @ParameterizedTest(name = "{0}: {1} mappings left")
    @CsvSource({"foc, 0", "nova, 1"})
    void physicalRevocation(String platform, int left) throws InterruptedException {
        Api lab = newLab(platform);
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x10000\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x20000\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
        for (String addr : new String[] {"0x10000", "0x20000"}) {
            var fault = read(lab, thread, addr);
            assertThat(fault.text("/mapping/virt")).isEqualTo(addr);
            assertThat(fault.text("/mapping/phys")).isEqualTo("0x0");
            assertThat(fault.integer("/mapping/sizeLog2")).isEqualTo(16);
        }

        try (var events = dev.pagerlab.app.support.SseClient.connect(lab.url("/events"), null)) {
            assertThat(lab.delete("/rm-sessions/" + as + "/regions/0x10000").status()).isEqualTo(204);

            var mappings = lab.get("/rm-sessions/" + as + "/mappings").body();
            assertThat(mappings.size()).isEqualTo(left);
            if (left == 1) {
                assertThat(mappings.get(0).get("virt").asString()).isEqualTo("0x20000");
            }
            // The stream names every flushed mapping, then the detach with the rule that applied.
            java.util.List<String> flushed = new java.util.ArrayList<>();
            String detached = null;
            while (detached == null) {
                var event = events.next(java.time.Duration.ofSeconds(5));
                assertThat(event).as("events after the detach").isNotNull();
                if (event.name().equals("mapping-flushed")) {
                    flushed.add(event.data());
                } else if (event.name().equals("region-detached")) {
                    detached = event.data();
                }
            }
            assertThat(flushed).hasSize(2 - left);
            assertThat(detached).contains(platform.equals("foc") ? "\"rule\":\"PHYSICAL\"" : "\"rule\":\"PATH\"");
        }
    }

    @Test
    void platformsShowTheirRevocationRule() {
        var platforms = service.send("GET", service.root() + "/api/v1/platforms", null).body();
        java.util.Map<String, String> rules = new java.util.HashMap<>();
        platforms.forEach(p -> rules.put(p.get("name").asString(), p.get("revocation").asString()));
        assertThat(rules).containsEntry("foc", "PHYSICAL").containsEntry("fiasco", "PHYSICAL")
                .containsEntry("pistachio", "PHYSICAL").containsEntry("nova", "PATH").containsEntry("okl4", "PATH")
                .containsEntry("microblaze", "PATH");
        var custom = service.send("POST", service.root() + "/api/v1/labs", "{\"customPlatform\":{\"pageSizeLog2\":12,"
                + "\"addressBits\":64,\"flexpageMaxLog2\":20,\"revocation\":\"PHYSICAL\"}}");
        assertThat(custom.status()).isEqualTo(201);
        labs.add(service.lab(custom.text("/id")));
        assertThat(labs.getLast().get("").text("/platform")).isEqualTo("custom");
    }

    @Test
    void reservedRegions() {
        Api lab = newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        String handler = lab.create("/fault-handlers", "{}");
        assertThat(lab.put("/rm-sessions/" + as + "/fault-handler", "{\"handler\":\"" + handler + "\"}").status())
                .isEqualTo(200);
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x0\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
        assertThat(read(lab, thread, "0x0").text("/outcome")).isEqualTo("RESOLVED");

        assertThat(lab.delete("/dataspaces/" + ds).status()).isEqualTo(204);

        assertThat(lab.get("/rm-sessions/" + as + "/mappings").body().size()).isZero();
        var region = lab.get("/rm-sessions/" + as + "/regions").body().get(0);
        assertThat(region.get("at").asString()).isEqualTo("0x0");
        assertThat(region.get("reserved").asBoolean()).isTrue();
        assertThat(region.has("dataspace")).isFalse();
        var fault = read(lab, thread, "0x0");
        assertThat(fault.text("/outcome")).isEqualTo("REFLECTED");
        assertThat(fault.text("/reflected/rmSession")).isEqualTo(as);
        assertThat(fault.text("/reflected/type")).isEqualTo("READ");
        assertThat(fault.text("/reflected/addr")).isEqualTo("0x0");
        String other = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        var conflict = lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + other + "\",\"at\":\"0x0\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("/code")).isEqualTo("REGION_CONFLICT");

        assertThat(lab.delete("/rm-sessions/" + as + "/regions/0x0").status()).isEqualTo(204);
        var attached = lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + other + "\",\"at\":\"0x0\"}");
        assertThat(attached.status()).isEqualTo(201);
        assertThat(attached.text("/resumed/0/thread/id")).isEqualTo(thread);
        assertThat(attached.text("/resumed/0/outcome")).isEqualTo("RESOLVED");
        assertThat(lab.get("/threads/" + thread).text("/state")).isEqualTo("RUNNING");
    }
}
