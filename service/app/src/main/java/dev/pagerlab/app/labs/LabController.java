package dev.pagerlab.app.labs;

import dev.pagerlab.app.scenarios.ScenarioLabs;
import dev.pagerlab.app.web.Created;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

@RestController
@Tag(name = "Labs and platforms", description = "A lab is one simulated machine: a platform profile, physical"
        + " memory and everything created in it. Its id is the capability to use it.")
class LabController {

    private static final String PROTECTED_EXAMPLE = "{\"type\":\"urn:pagerlab:problem:protected\","
            + "\"title\":\"Forbidden\",\"status\":403,"
            + "\"detail\":\"the lab 'default' is shared by everyone using Swagger UI and cannot be destroyed or reset;"
            + " create a lab of your own with POST /api/v1/labs\",\"code\":\"PROTECTED\"}";

    private final LabRegistry labs;
    private final ScenarioLabs scenarioLabs;

    LabController(LabRegistry labs, ScenarioLabs scenarioLabs) {
        this.labs = labs;
        this.scenarioLabs = scenarioLabs;
    }

    @Schema(description = "Physical memory for RAM dataspaces: base and size, whole pages.")
    record PhysicalMemory(@NotNull @Schema(example = "0x0") U64 base, @NotNull @Schema(example = "1G") U64 size) {
    }

    @Schema(description = "A made-up platform: what if this MMU had other page sizes? Give mapSizes (installable"
            + " sizes, log2, including the page size) or flexpageMaxLog2.")
    record CustomPlatform(@Schema(example = "mmu64k") @Size(max = 40) @Nullable String name,
                          @Schema(example = "16") @NotNull @Min(10) @Max(30) Integer pageSizeLog2,
                          @Schema(allowableValues = {"32", "64"}, example = "64") @NotNull
                          Integer addressBits,
                          @Schema(example = "[16, 21, 30]") @Nullable @Size(min = 1, max = 54)
                          List<@NotNull @Min(10) @Max(63) Integer> mapSizes,
                          @Schema(example = "22") @Min(10) @Max(63) @Nullable Integer flexpageMaxLog2,
                          @Schema(description = "PATH (default) unmaps what was resolved through a detached region;"
                                  + " PHYSICAL revokes every mapping of its physical frames, as on Fiasco.OC.",
                                  defaultValue = "PATH") @Nullable Revocation revocation) {
    }

    @Schema(description = "A new lab: a built-in platform by name, or customPlatform; or a scenario (a hand-out,"
            + " an export or an exercise, see GET /api/v1/scenarios/schema) whose steps build it.")
    record CreateLab(@Schema(example = "x86_64", defaultValue = "foc") @Size(max = 40) @Nullable String platform,
                     @Valid @Nullable CustomPlatform customPlatform, @Valid @Nullable PhysicalMemory physicalMemory,
                     @Schema(example = "lab 3: superpages") @Size(max = 200) @Nullable String label,
                     @Schema(description = "A scenario document; its platform and physicalMemory make the lab.",
                             implementation = Object.class) @Nullable JsonNode scenario) {
    }

    @Schema(description = "A lab created from a scenario, with the scenario's report (as POST"
            + " /api/v1/scenarios/check answers it).")
    record LabFromScenario(Dto.LabDto lab, Map<String, Object> report) {
    }

    @PostMapping("/api/v1/labs")
    @Operation(summary = "Create a lab on a platform profile",
            description = "Default physical memory is [0x0, 0xffffffff] (4 GiB) and the platform foc (Fiasco.OC"
                    + " flexpages). The answer's id is unguessable: keep it, it is the only way to the lab.")
    @ApiResponse(responseCode = "201", description = "The lab; with a scenario, {lab, report}.",
            content = @Content(mediaType = "application/json", schema = @Schema(anyOf = {Dto.LabDto.class,
                    LabFromScenario.class})))
    @Refusals({Code.INVALID_ARGUMENTS, Code.VALIDATION_FAILED, Code.QUOTA_EXCEEDED})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "built-in", summary = "A lab on a built-in platform",
                    value = "{\"platform\": \"x86_64\", \"label\": \"lab 3: superpages\"}"),
            @ExampleObject(name = "custom", summary = "What if this MMU had 64 KiB pages?",
                    value = "{\"customPlatform\": {\"name\": \"mmu64k\", \"pageSizeLog2\": 16, \"addressBits\": 64,"
                            + " \"mapSizes\": [16, 21, 30]}, \"physicalMemory\": {\"base\": \"0x0\", \"size\": \"1G\"}}")}))
    ResponseEntity<?> create(@Valid @RequestBody CreateLab request) {
        if (request.scenario() != null) {
            if (request.platform() != null || request.customPlatform() != null || request.physicalMemory() != null) {
                throw new Refused(Code.VALIDATION_FAILED, "with a scenario, its own platform and physicalMemory"
                        + " make the lab: leave platform, customPlatform and physicalMemory out");
            }
            var created = scenarioLabs.create(request.scenario(), request.label() == null ? "" : request.label());
            var entry = created.lab();
            return Created.at(entry.id(), new LabFromScenario(Dto.LabDto.of(entry.id(), entry.label(),
                    entry.lab().summary()), created.report().toPlain()));
        }
        PlatformProfile platform = request.customPlatform() != null ? custom(request.customPlatform())
                : PlatformProfile.builtIn(request.platform() == null ? "foc" : request.platform())
                .orElseThrow(() -> new Refused(Code.VALIDATION_FAILED, "unknown platform '" + request.platform()
                        + "'; GET /api/v1/platforms lists them"));
        AddrRange memory = LabConfig.DEFAULT_PHYSICAL_MEMORY;
        if (request.physicalMemory() != null) {
            memory = AddrRange.of(request.physicalMemory().base().addr(), request.physicalMemory().size().size());
            if (!memory.valid()) {
                throw new Refused(Code.VALIDATION_FAILED, "physicalMemory is empty or passes 2^64");
            }
        }
        var entry = labs.create(platform, memory, request.label() == null ? "" : request.label());
        return Created.at(entry.id(), Dto.LabDto.of(entry.id(), entry.label(), entry.lab().summary(),
                labs.expiresAt(entry.id())));
    }

    private static PlatformProfile custom(CustomPlatform c) {
        MapSizeConstraint sizes;
        if (c.mapSizes() != null && c.flexpageMaxLog2() == null) {
            sizes = new MapSizeConstraint.PageSizes(new TreeSet<>(c.mapSizes()));
        } else if (c.flexpageMaxLog2() != null && c.mapSizes() == null) {
            sizes = new MapSizeConstraint.Flexpage(Log2.of(c.flexpageMaxLog2()));
        } else {
            throw new Refused(Code.VALIDATION_FAILED, "customPlatform needs exactly one of mapSizes and"
                    + " flexpageMaxLog2");
        }
        try {
            return new PlatformProfile(c.name() == null ? "custom" : c.name(), Log2.of(c.pageSizeLog2()),
                    c.addressBits(), sizes, c.revocation() == null ? Revocation.PATH : c.revocation(),
                    "custom profile");
        } catch (IllegalArgumentException e) {
            throw new Refused(Code.VALIDATION_FAILED, "customPlatform: " + e.getMessage());
        }
    }

    @GetMapping("/api/v1/labs/{lab}")
    @Operation(summary = "Read a lab, with counts of what it holds", description = "Platform, physical memory,"
            + " RAM in use, counts of dataspaces, RM sessions, regions, mappings, threads and handlers, and when the"
            + " lab expires if left idle.")
    @Refusals(Code.NOT_FOUND)
    Dto.LabDto read(@PathVariable String lab) {
        var entry = labs.get(lab);
        return Dto.LabDto.of(entry.id(), entry.label(), entry.lab().summary(), labs.expiresAt(entry.id()));
    }

    @DeleteMapping("/api/v1/labs/{lab}")
    @Operation(summary = "Destroy a lab",
            description = "Completes its event streams. The lab 'default' is shared by everyone using Swagger UI:"
                    + " destroying it is refused with 403 PROTECTED.")
    @ApiResponse(responseCode = "403", description = "PROTECTED", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
            examples = @ExampleObject(name = "PROTECTED", value = PROTECTED_EXAMPLE)))
    @ApiResponse(responseCode = "204", description = "Destroyed")
    @Refusals(Code.NOT_FOUND)
    ResponseEntity<Void> destroy(@PathVariable String lab) {
        labs.destroy(lab);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/labs/{lab}/reset")
    @Operation(summary = "Empty a lab, keeping its id, platform and open event streams",
            description = "Everything created in the lab goes; ids start again at 1. Connected stream clients stay"
                    + " connected and receive a 'lab-reset' event. The lab 'default' cannot be reset: 403"
                    + " PROTECTED.")
    @ApiResponse(responseCode = "403", description = "PROTECTED", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
            examples = @ExampleObject(name = "PROTECTED", value = PROTECTED_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The emptied lab", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = Dto.LabDto.class)))
    @Refusals(Code.NOT_FOUND)
    Dto.LabDto reset(@PathVariable String lab) {
        var entry = labs.reset(lab);
        return Dto.LabDto.of(entry.id(), entry.label(), entry.lab().summary());
    }

    @GetMapping("/api/v1/platforms")
    @Operation(summary = "List the built-in platform profiles",
            description = "Each profile's installable mapping sizes: flexpage kernels (foc, nova, ...) install any"
                    + " power of two up to a limit, MMU-style ones (x86_64, arm_v7, hw) a fixed set.")
    List<Dto.PlatformDto> platforms() {
        return PlatformProfile.builtIns().stream().map(Dto.PlatformDto::of).toList();
    }

}
