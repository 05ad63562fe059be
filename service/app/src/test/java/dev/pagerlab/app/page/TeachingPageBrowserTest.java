package dev.pagerlab.app.page;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.RequestOptions;
import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The teaching page in a real browser (Debian's Chromium driven by Playwright): the walkthroughs a student does
 * through the page's forms, the fault stepper, live updates from another client, errors next to their forms, deep
 * links, starting a lab from a scenario or an exercise, the single-page counter and trace runs drawn as bars. Each test leaves a screenshot under {@code target/browser/}. Without a Chromium at
 * {@value #CHROMIUM_PATH} the class is skipped, and says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeachingPageBrowserTest {

    static final String CHROMIUM_PATH = "/usr/bin/chromium";
    private static final Path SCREENSHOTS = Path.of("target", "browser");

    @LocalServerPort
    int port;

    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private String testName;

    @BeforeAll
    void launchOneBrowserForTheClass() {
        Path chromium = Paths.get(CHROMIUM_PATH);
        String node = System.getenv().getOrDefault("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
        String missing = !Files.isExecutable(chromium) ? "no Chromium at " + CHROMIUM_PATH + " (apt-get install chromium)"
                : !Files.isExecutable(Path.of(node)) ? "no Node.js at " + node + " for Playwright's driver" : null;
        if (missing != null) {
            String message = "BROWSER TESTS SKIPPED: " + missing
                    + "; the teaching page is NOT tested in a browser in this run";
            System.err.println(message);
            Assumptions.abort(message);
        }
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1480, 1000));
        page = context.newPage();
        page.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private String root() {
        return "http://127.0.0.1:" + port;
    }

    private void screenshot(Page target, String name) {
        target.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private Page openLab(Api lab, String query) {
        page.navigate(root() + "/labs/" + lab.labId() + query);
        PlaywrightAssertions.assertThat(page.locator("#live")).hasText("live");
        return page;
    }

    private Locator form(String what) {
        return page.locator("form[data-what='" + what + "']");
    }

    private void submit(String what, String expectedOutput) {
        Locator form = form(what);
        form.locator("button[type=submit]").click();
        PlaywrightAssertions.assertThat(form.locator("output")).containsText(expectedOutput);
    }

    private static void attachNesting(Api lab) {
        // the nesting check of docs/concepts.md: AS > top > shim2 > two read-only RAM pages at 0x1000 (0x7000 in AS).
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        String top = lab.create("/rm-sessions", "{\"size\":\"0xA000\",\"label\":\"top\"}");
        String shim1 = lab.create("/rm-sessions", "{\"size\":\"0x6000\",\"label\":\"shim1\"}");
        String shim2 = lab.create("/rm-sessions", "{\"size\":\"0x4000\",\"label\":\"shim2\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + managed(lab, top) + "\"}");
        lab.post("/rm-sessions/" + top + "/regions", "{\"dataspace\":\"" + managed(lab, shim1) + "\"}");
        lab.post("/rm-sessions/" + top + "/regions", "{\"dataspace\":\"" + managed(lab, shim2) + "\"}");
        String ram = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"8K\"}");
        lab.post("/rm-sessions/" + shim2 + "/regions", "{\"dataspace\":\"" + ram + "\",\"at\":\"0x1000\","
                + "\"writable\":false}");
        lab.create("/rm-sessions/" + as + "/threads", "{\"name\":\"main\"}");
    }

    private static String managed(Api lab, String rm) {
        return lab.get("/rm-sessions/" + rm).text("/dataspace");
    }

    @Test
    void theSuperpageWalkthroughThroughTheFormsEndsWithThe2To22MappingDrawn() {
        Api lab = Api.on(port).newLab("foc");
        openLab(lab, "");

        form("allocate").locator("[name=size]").fill("4K");
        submit("allocate", "ds-1: RAM 0x1000 at phys 0x0");
        form("allocate").locator("[name=size]").fill("4M");
        submit("allocate", "ds-2: RAM 0x400000 at phys 0x400000");
        form("create-rm").locator("[name=size]").fill("1G");
        form("create-rm").locator("[name=label]").fill("AS");
        submit("create-rm", "rm-1");
        // The forms' region-map lists follow a moment later (the page refreshes after the answer).
        PlaywrightAssertions.assertThat(form("create-thread").locator("select[name=rm] option")).hasCount(1);
        form("create-thread").locator("[name=name]").fill("main");
        submit("create-thread", "th-1");
        form("attach").locator("[name=dataspace]").selectOption("ds-2");
        submit("attach", "attached at 0x0, size 0x400000");
        // The fault form's thread list also follows with the refresh; a submit before it has th-1 sends no fault.
        PlaywrightAssertions.assertThat(page.locator("#fault-thread option")).hasCount(1);
        page.locator("#fault-form [name=addr]").fill("0x123456");
        page.locator("#fault-form button[type=submit]").click();

        PlaywrightAssertions.assertThat(page.locator("#fault-outcome"))
                .containsText("RESOLVED: thread th-1 is RUNNING. Mapping virt 0x0 \u2192 phys 0x400000, 2^22");
        Locator mapping = page.locator("#picture svg g.mapping");
        PlaywrightAssertions.assertThat(mapping).hasCount(1);
        assertThat(mapping.getAttribute("data-virt")).isEqualTo("0x0");
        assertThat(mapping.getAttribute("data-phys")).isEqualTo("0x400000");
        assertThat(mapping.getAttribute("data-size-log2")).isEqualTo("22");
        assertThat(mapping.locator("text").textContent()).isEqualTo("2^22");
        // The mapping box spans exactly the 4 MiB region above it.
        Locator region = page.locator("#picture svg g.region[data-at='0x0'] rect.box");
        Locator box = mapping.locator("rect");
        assertThat(box.getAttribute("x")).isEqualTo(region.getAttribute("x"));
        assertThat(Double.parseDouble(box.getAttribute("width")))
                .isCloseTo(Double.parseDouble(region.getAttribute("width")), org.assertj.core.data.Offset.offset(0.01));
        PlaywrightAssertions.assertThat(page.locator("#event-log li[data-type='mapping-installed']")).hasCount(1);
        screenshot(page, "superpage-walkthrough");
    }

    @Test
    void theStepperWalksTheNestingCheckLevelByLevel() {
        Api lab = Api.on(port).newLab("foc");
        attachNesting(lab);
        openLab(lab, "");
        page.locator("#fault-form [name=addr]").fill("0x7000");
        page.locator("#fault-form button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("#fault-outcome"))
                .containsText("Mapping virt 0x7000 \u2192 phys 0x0, 2^12, read-only");

        record Level(String rm, String path, String region) {
        }
        List<Level> levels = List.of(new Level("rm-1", "", "0x0"), new Level("rm-2", "0x0", "0x6000"),
                new Level("rm-4", "0x0/0x6000", "0x1000"));
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            PlaywrightAssertions.assertThat(page.locator("#step-count")).containsText("step " + (i + 1) + " of 4: level "
                    + (i + 1) + " (" + level.rm + ")");
            Locator bar = page.locator("#picture svg g.bar.hl");
            PlaywrightAssertions.assertThat(bar).hasCount(1);
            assertThat(bar.getAttribute("data-rm")).isEqualTo(level.rm);
            assertThat(bar.getAttribute("data-path")).isEqualTo(level.path);
            Locator region = page.locator("#picture svg g.region.hl");
            PlaywrightAssertions.assertThat(region).hasCount(1);
            assertThat(region.getAttribute("data-at")).isEqualTo(level.region);
            assertThat(region.getAttribute("data-path")).isEqualTo(level.path);
            PlaywrightAssertions.assertThat(page.locator("#picture svg .hl-bounds")).hasCount(1);
            assertThat(page.locator("#step-note").textContent()).startsWith("Region at " + level.region);
            screenshot(page, "nesting-step-" + (i + 1));
            page.keyboard().press("ArrowRight");
        }
        PlaywrightAssertions.assertThat(page.locator("#step-count")).containsText("step 4 of 4: leaf");
        // In shim2's coordinates the fault is at 0x1000: the source block is both pages, but 0x7000 and phys 0x0
        // disagree in bit 12, so source and destination share only 2^12; foc installs that.
        Locator source = page.locator("#picture svg .hl-source");
        assertThat(source.getAttribute("data-first") + ".." + source.getAttribute("data-last"))
                .isEqualTo("0x1000..0x2fff");
        Locator common = page.locator("#picture svg .hl-common");
        assertThat(common.getAttribute("data-first") + ".." + common.getAttribute("data-last"))
                .isEqualTo("0x1000..0x1fff");
        Locator installed = page.locator("#picture svg .hl-installed");
        assertThat(installed.getAttribute("data-first") + ".." + installed.getAttribute("data-last"))
                .isEqualTo("0x7000..0x7fff");
        assertThat(page.locator("#picture svg g.bar.hl").getAttribute("data-rm")).isEqualTo("rm-4");
        assertThat(page.locator("#step-note").textContent()).contains("2^13").contains("2^12");
        PlaywrightAssertions.assertThat(page.locator("#picture svg g.mapping.hl")).hasCount(1);
        screenshot(page, "nesting-leaf");
        if (Boolean.getBoolean("pagerlab.readme.screenshot")) {
            screenshot(page, "teaching-page");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("..", "..", "docs", "images",
                    "teaching-page.png")).setFullPage(true).setClip(0, 0, 1480, 1320));
        }

        page.keyboard().press("ArrowLeft");
        PlaywrightAssertions.assertThat(page.locator("#step-count")).containsText("step 3 of 4");
        PlaywrightAssertions.assertThat(page.locator("#picture svg .hl-source")).hasCount(0);
        page.locator("#step-back").click();
        PlaywrightAssertions.assertThat(page.locator("#step-count")).containsText("step 2 of 4: level 2 (rm-2)");
    }

    @Test
    void anAttachByAnotherClientAppearsWithoutReload() {
        Api lab = Api.on(port).newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}");
        openLab(lab, "");
        page.evaluate("window.notReloaded = true");
        PlaywrightAssertions.assertThat(page.locator("#picture svg g.region")).hasCount(0);

        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x200000\"}");

        Locator region = page.locator("#picture svg g.region[data-at='0x200000']");
        PlaywrightAssertions.assertThat(region).hasCount(1);
        assertThat(region.getAttribute("data-size")).isEqualTo("0x10000");
        assertThat(region.getAttribute("data-dataspace")).isEqualTo(ds);
        PlaywrightAssertions.assertThat(page.locator("#event-log li[data-type='region-attached']"))
                .containsText("at 0x200000");
        PlaywrightAssertions.assertThat(page.locator("#rms tbody")).containsText("AS");
        assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);
        screenshot(page, "attach-by-another-client");
    }

    @Test
    void anErrorFromTheApiIsShownNextToItsForm() {
        Api lab = Api.on(port).newLab("foc");
        lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"8K\"}");
        openLab(lab, "");
        String detail = lab.post("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\",\"at\":\"0x1001\"}")
                .text("/detail");

        form("attach").locator("[name=at]").fill("0x1001");
        form("attach").locator("button[type=submit]").click();

        Locator output = form("attach").locator("output.problem");
        PlaywrightAssertions.assertThat(output).hasText("INVALID_ARGUMENTS: " + detail);
        PlaywrightAssertions.assertThat(form("allocate").locator("output.problem")).isEmpty();
        form("allocate").locator("[name=size]").fill("not a size");
        form("allocate").locator("button[type=submit]").click();
        PlaywrightAssertions.assertThat(form("allocate").locator("output.problem")).containsText("VALIDATION_FAILED");
        PlaywrightAssertions.assertThat(form("attach").locator("output.problem")).containsText("INVALID_ARGUMENTS");
        screenshot(page, "error-next-to-form");
    }

    @Test
    void aDeepLinkReproducesItsView() {
        Api lab = Api.on(port).newLab("foc");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        String big = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + big + "\"}");
        String other = lab.create("/rm-sessions", "{\"size\":\"64K\",\"label\":\"other\"}");
        lab.create("/rm-sessions/" + as + "/threads", "{\"name\":\"main\"}");
        String link = "?rm=" + as + "&fault=0x123456:READ&step=2";

        openLab(lab, link);

        PlaywrightAssertions.assertThat(page.locator("#step-count")).containsText("step 2 of 2: leaf");
        assertThat(page.locator("#rm-select").inputValue()).isEqualTo(as);
        Locator installed = page.locator("#picture svg .hl-installed");
        assertThat(installed.getAttribute("data-first") + ".." + installed.getAttribute("data-last"))
                .isEqualTo("0x0..0x3fffff");
        assertThat(page.locator("#step-details").textContent()).contains("common size (log2)22");
        assertThat(page.url()).contains("step=2").contains("fault=0x123456%3AREAD").contains("rm=" + as);
        screenshot(page, "deep-link");

        // The same link opened by a second reader, in dark mode, shows the same step.
        BrowserContext dark = browser.newContext(new Browser.NewContextOptions().setViewportSize(1480, 1000)
                .setColorScheme(ColorScheme.DARK));
        Page second = dark.newPage();
        second.navigate(page.url());
        PlaywrightAssertions.assertThat(second.locator("#step-count")).containsText("step 2 of 2: leaf");
        assertThat(second.locator("#picture svg .hl-installed").getAttribute("data-last")).isEqualTo("0x3fffff");
        screenshot(second, "deep-link-dark");
        dark.close();
        assertThat(other).isNotEqualTo(as);
    }

    @Test
    void theEntryPageCreatesALabAndShowsItsLinkAsACapability() {
        Api api = Api.on(port);
        int platforms = api.send("GET", api.root() + "/api/v1/platforms", null).body().size();
        page.navigate(root() + "/");
        PlaywrightAssertions.assertThat(page.locator("#platform-select option")).hasCount(platforms);
        page.locator("#platform-select").selectOption("x86_64");
        page.locator("#create-lab [name=label]").fill("lab 3: superpages");
        page.locator("#create-lab button[type=submit]").click();
        Locator link = page.locator("#created-link");
        PlaywrightAssertions.assertThat(link).containsText("/labs/lab-");
        PlaywrightAssertions.assertThat(page.locator("#created")).containsText("Whoever has this link can change this lab");
        screenshot(page, "entry-created");
        link.click();
        PlaywrightAssertions.assertThat(page.locator("#lab-summary")).containsText("platform x86_64");
        PlaywrightAssertions.assertThat(page.locator("#lab-title")).containsText("lab 3: superpages");

        page.navigate(root() + "/");
        page.locator("#custom-platform summary").click();
        page.locator("#create-lab [name=useCustom]").check();
        page.locator("#create-lab [name=customName]").fill("arm64k");
        page.locator("#create-lab [name=mapSizes]").fill("12, 16, 21");
        page.locator("#create-lab button[type=submit]").click();
        page.locator("#created-link").click();
        PlaywrightAssertions.assertThat(page.locator("#lab-summary")).containsText("platform arm64k");

        page.navigate(root() + "/");
        page.locator("#custom-platform summary").click();
        page.locator("#create-lab [name=useCustom]").check();
        page.locator("#create-lab [name=mapSizes]").fill("16, 21");
        page.locator("#create-lab button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("#create-lab output.problem")).containsText("VALIDATION_FAILED");

        page.navigate(root() + "/");
        page.locator("#open-lab [name=lab]").fill("lab-doesnotexist");
        page.locator("#open-lab button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("#open-lab output.problem")).containsText("NOT_FOUND");
    }
    private static final String SUPERPAGE_JSON = """
            {"scenario": "superpage", "platform": "foc", "steps": [
              {"dataspace": {"name": "small", "type": "RAM", "size": "4K"}, "expect": {"physAddr": "0x0"}},
              {"dataspace": {"name": "big", "type": "RAM", "size": "4M"}, "expect": {"physAddr": "0x400000"}},
              {"rmSession": {"name": "as", "size": "1G"}},
              {"attach": {"rmSession": "as", "dataspace": "big"}, "expect": {"at": "0x0"}},
              {"thread": {"name": "main", "rmSession": "as"}},
              {"fault": {"thread": "main", "addr": "0x123456", "type": "READ"},
               "expect": {"outcome": "RESOLVED", "mapping": {"sizeLog2": 22}}}]}""";

    // A wrong expectation on purpose (the 4K page is at 0x0), so that the totals count a failure too.
    private static final String WRONG_YAML = """
            scenario: wrong guess
            platform: foc
            steps:
              - dataspace: {name: small, type: RAM, size: 4K}
                expect: {physAddr: 0x1000}
              - dataspace: {name: big, type: RAM, size: 4M}
                expect: {physAddr: 0x400000, size: 4M}
            """;

    @Test
    void theEntryPageStartsALabFromAScenarioFileOrAnExercise() {
        Api api = Api.on(port);
        Api.Answer expected = api.send("POST", api.root() + "/api/v1/scenarios/check", SUPERPAGE_JSON);
        assertThat(expected.integer("/failed")).isZero();
        int passed = expected.integer("/passed");
        assertThat(passed).isEqualTo(5);

        // A JSON scenario pasted: the lab is created from it and its page shows the report's totals.
        page.navigate(root() + "/");
        page.locator("#scenario-form [name=text]").fill(SUPERPAGE_JSON);
        page.locator("#scenario-form button[type=submit]").click();
        page.waitForURL(url -> url.contains("/labs/lab-"));
        PlaywrightAssertions.assertThat(page.locator("#scenario-report .report-totals")).hasText(
                "Started from the scenario \u201csuperpage\u201d: 6 steps, " + passed + " expectations passed, 0 failed.");
        PlaywrightAssertions.assertThat(page.locator("#live")).hasText("live");
        // The scenario really ran in the new lab: its fault's 2^22 mapping is drawn and counted.
        PlaywrightAssertions.assertThat(page.locator("#picture svg g.mapping[data-size-log2='22']")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#mapping-counter")).containsText(
                "1 mapping installed; a single-page pager would need 1,024 (pages of 2^12)");
        screenshot(page, "started-from-scenario");

        // A YAML file: POST /api/v1/labs takes JSON only, so the page checks it and says that no lab was created.
        Api.Answer yamlReport = api.send("POST", api.root() + "/api/v1/scenarios/check", WRONG_YAML, "application/yaml");
        assertThat(yamlReport.integer("/failed")).isEqualTo(1);
        page.navigate(root() + "/");
        page.locator("#scenario-form [name=file]").setInputFiles(new FilePayload("wrong.yaml", "application/yaml",
                WRONG_YAML.getBytes(StandardCharsets.UTF_8)));
        PlaywrightAssertions.assertThat(page.locator("#scenario-form [name=text]")).hasValue(WRONG_YAML);
        page.locator("#scenario-form button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("#scenario-checked")).hasText("YAML checked in a throw-away lab:"
                + " scenario \u201cwrong guess\u201d, 2 steps, " + yamlReport.integer("/passed") + " expectations passed,"
                + " 1 failed. No lab was created: to start one, give the scenario as JSON.");
        assertThat(page.url()).isEqualTo(root() + "/");
        // A broken document is refused with the API's problem next to the form.
        page.locator("#scenario-form [name=text]").fill("scenario: x\nplatform: nosuch\nsteps: []\n");
        page.locator("#scenario-form button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("#scenario-form output.problem")).containsText("VALIDATION_FAILED");
        PlaywrightAssertions.assertThat(page.locator("#scenario-checked")).isHidden();

        // An exercise: generated by kind and seed, shown and offered as a download, then started as a lab.
        String kind = api.send("GET", api.root() + "/api/v1/exercises", null).body().get(0).get("kind").asString();
        String seed = "course-2026:student-17";
        String yaml = page.request().get(root() + "/api/v1/exercises/" + kind + "?seed=course-2026%3Astudent-17"
                + "&answers=false", RequestOptions.create().setHeader("Accept", "application/yaml")).text();
        assertThat(yaml).contains("scenario:");
        PlaywrightAssertions.assertThat(page.locator("#exercise-kind option")).not().hasCount(0);
        page.locator("#exercise-kind").selectOption(kind);
        page.locator("#exercise-form [name=seed]").fill(seed);
        page.locator("#exercise-form [name=seed]").press("Enter");
        PlaywrightAssertions.assertThat(page.locator("#exercise-text")).hasText(yaml);
        Download download = page.waitForDownload(() -> page.locator("#exercise-download").click());
        assertThat(download.suggestedFilename()).isEqualTo(kind + "-course-2026_student-17.yaml");
        try {
            assertThat(Files.readString(download.path())).isEqualTo(yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        screenshot(page, "exercise-generated");
        String json = page.request().get(root() + "/api/v1/exercises/" + kind + "?seed=course-2026%3Astudent-17"
                + "&answers=false", RequestOptions.create().setHeader("Accept", "application/json")).text();
        Api.Answer exerciseReport = api.send("POST", api.root() + "/api/v1/scenarios/check", json);
        int unanswered = exerciseReport.integer("/failed");
        assertThat(unanswered).as("an exercise without answers has open questions").isPositive();
        page.locator("#exercise-create").click();
        page.waitForURL(url -> url.contains("/labs/lab-"));
        PlaywrightAssertions.assertThat(page.locator("#scenario-report .report-totals")).containsText(
                exerciseReport.integer("/passed") + " expectations passed, " + unanswered + " failed (" + unanswered
                        + " of them unanswered questions).");
        PlaywrightAssertions.assertThat(page.locator("#scenario-report .report-failures li"))
                .hasCount(Math.min(unanswered, 100));
        // The questions are listed without the lab's answers.
        String firstQuestion = null;
        for (var step : exerciseReport.body().get("steps")) {
            for (var expectation : step.get("expectations")) {
                if (firstQuestion == null && !expectation.get("passed").asBoolean()) {
                    assertThat(expectation.get("note").asString()).isEqualTo("unanswered");
                    firstQuestion = "step " + step.get("step").asInt() + " (" + step.get("operation").asString()
                            + ", line " + step.get("line").asInt() + "): " + expectation.get("path").asString()
                            + " = ? (unanswered)";
                }
            }
        }
        PlaywrightAssertions.assertThat(page.locator("#scenario-report .report-failures li").first())
                .hasText(firstQuestion);
        screenshot(page, "started-from-exercise");
    }

    private static BigInteger singlePages(Api lab, String rm, int pageLog2) {
        BigInteger pages = BigInteger.ZERO;
        for (var mapping : lab.get("/rm-sessions/" + rm + "/mappings").body()) {
            pages = pages.add(BigInteger.ONE.shiftLeft(mapping.get("sizeLog2").asInt() - pageLog2));
        }
        return pages;
    }

    @Test
    void theSinglePageCounterFollowsMappingEventsLive() {
        Api lab = Api.on(port).newLab("foc");
        String small = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        String big = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + big + "\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + small + "\",\"at\":\"0x800000\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{\"name\":\"main\"}");
        openLab(lab, "");
        page.evaluate("window.notReloaded = true");
        Locator counter = page.locator("#mapping-counter");
        PlaywrightAssertions.assertThat(counter).hasText(as + ": 0 mappings installed; a single-page pager would"
                + " need 0 (pages of 2^12).");

        lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x123456\",\"type\":\"READ\"}");
        PlaywrightAssertions.assertThat(counter).hasText(as + ": 1 mapping installed; a single-page pager would"
                + " need 1,024 (pages of 2^12).");
        lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x800010\",\"type\":\"WRITE\"}");
        PlaywrightAssertions.assertThat(counter).containsText("2 mappings installed; a single-page pager would need"
                + " 1,025");
        assertThat(counter.getAttribute("data-single-page")).isEqualTo(singlePages(lab, as, 12).toString());
        screenshot(page, "single-page-counter");

        // A detach flushes the 2^22 mapping: the counter follows the mapping-flushed event.
        lab.delete("/rm-sessions/" + as + "/regions/0x0");
        PlaywrightAssertions.assertThat(counter).containsText("1 mapping installed; a single-page pager would need 1 ");
        assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);

        // A made-up platform with 64 KiB pages: P comes from the lab itself, not from the built-in list.
        Api.Answer created = lab.send("POST", lab.root() + "/api/v1/labs", "{\"customPlatform\":{\"name\":\"arm64k\","
                + "\"pageSizeLog2\":16,\"addressBits\":64,\"mapSizes\":[16,21]}}");
        Api custom = lab.lab(created.text("/id"));
        String ram = custom.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"2M\"}");
        String space = custom.create("/rm-sessions", "{\"size\":\"1G\"}");
        custom.create("/rm-sessions/" + space + "/regions", "{\"dataspace\":\"" + ram + "\"}");
        String worker = custom.create("/rm-sessions/" + space + "/threads", "{\"name\":\"w\"}");
        custom.post("/threads/" + worker + "/faults", "{\"addr\":\"0x10000\",\"type\":\"READ\"}");
        assertThat(singlePages(custom, space, 16)).isEqualTo(BigInteger.valueOf(32));
        openLab(custom, "");
        PlaywrightAssertions.assertThat(page.locator("#mapping-counter")).hasText(space + ": 1 mapping installed;"
                + " a single-page pager would need 32 (pages of 2^16).");
    }

    @Test
    void aTraceRunIsDrawnAsBarsWithItsNumbersAndRatios() {
        Api lab = Api.on(port).newLab("microblaze");
        String ram = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"16M\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ram + "\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{\"name\":\"main\"}");
        Api.Answer expected = lab.post("/trace-runs", "{\"thread\":\"" + thread + "\",\"pattern\":{\"name\":"
                + "\"sequential\",\"base\":\"0x0\",\"size\":\"0x1000000\",\"type\":\"READ\"},\"tlb\":{\"entries\":64,"
                + "\"policy\":\"LRU\"},\"pagers\":[\"BEST\",\"SINGLE_PAGE\"]}");
        assertThat(expected.status()).isEqualTo(200);
        long bestMisses = expected.body().at("/runs/0/tlbMisses").asLong();
        long singleMisses = expected.body().at("/runs/1/tlbMisses").asLong();
        assertThat(singleMisses).isGreaterThanOrEqualTo(10 * bestMisses);
        openLab(lab, "");

        Locator form = page.locator("#trace-form");
        PlaywrightAssertions.assertThat(form.locator("[name=pattern] option")).hasCount(
                lab.send("GET", lab.root() + "/api/v1/trace-patterns", null).body().size());
        form.locator("[name=pattern]").selectOption("sequential");
        assertThat(form.locator("[name=entries]").inputValue()).isEqualTo("64");
        assertThat(form.locator("[name=policy]").inputValue()).isEqualTo("LRU");
        // The window proposed is the thread's address space's region.
        PlaywrightAssertions.assertThat(form.locator("[name=p-base]")).hasValue("0x0");
        PlaywrightAssertions.assertThat(form.locator("[name=p-size]")).hasValue("0x1000000");
        form.locator("[name=entries]").press("Enter");   // the keyboard runs it

        Locator summary = page.locator("#trace-summary");
        PlaywrightAssertions.assertThat(summary).containsText(String.format("BEST %,d TLB miss", bestMisses));
        String ratio = String.format(Locale.ROOT, "%,d\u00d7", Math.round(expected.body().at("/ratios/tlbMisses").asDouble()));
        PlaywrightAssertions.assertThat(summary).containsText("SINGLE_PAGE " + String.format(Locale.ROOT, "%,d", singleMisses)
                + " TLB misses");
        PlaywrightAssertions.assertThat(summary).containsText("A single-page pager needs " + ratio + " the TLB misses");
        // The bars: the picture's text alternative is that sentence; each bar carries its number as text.
        Locator chart = page.locator("#trace-result svg[role=img]");
        assertThat(chart.getAttribute("aria-labelledby")).isEqualTo("trace-summary");
        for (String metric : List.of("tlbMisses", "faults")) {
            for (int run = 0; run < 2; run++) {
                String pager = expected.text("/runs/" + run + "/pager");
                String value = Long.toString(expected.body().at("/runs/" + run + "/" + metric).asLong());
                Locator group = chart.locator("g.metric[data-metric=" + metric + "]");
                assertThat(group.locator("rect[data-pager=" + pager + "]").getAttribute("data-value")).isEqualTo(value);
                assertThat(group.locator("text.bar-value[data-pager=" + pager + "]").textContent().replace(",", ""))
                        .isEqualTo(value);
            }
            assertThat(chart.locator("g.metric[data-metric=" + metric + "] .metric-title").textContent())
                    .contains(String.format(Locale.ROOT, "%,d\u00d7", Math.round(expected.body().at("/ratios/" + metric).asDouble())));
        }
        // Bars are proportional to the counts: SINGLE_PAGE's is the full length, BEST's the ratio shorter.
        double bestWidth = Double.parseDouble(chart.locator("g[data-metric=tlbMisses] rect[data-pager=BEST]")
                .getAttribute("width"));
        double singleWidth = Double.parseDouble(chart.locator("g[data-metric=tlbMisses] rect[data-pager=SINGLE_PAGE]")
                .getAttribute("width"));
        assertThat(singleWidth).isGreaterThan(10 * bestWidth);
        PlaywrightAssertions.assertThat(page.locator("#trace-result table tr[data-pager=SINGLE_PAGE]"))
                .containsText(String.format(Locale.ROOT, "%,d", expected.body().at("/runs/1/mappingsInstalled").asLong()));
        // The lab itself is unchanged: the runs were on copies.
        PlaywrightAssertions.assertThat(page.locator("#mapping-counter")).containsText("0 mappings installed");
        screenshot(page, "trace-run");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        screenshot(page, "trace-run-dark");

        form.locator("[name=p-size]").fill("0");
        form.locator("button[type=submit]").click();
        PlaywrightAssertions.assertThat(form.locator("output.problem")).containsText("VALIDATION_FAILED");
    }
}
