package dev.pagerlab.app.dataspaces;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Created;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Failure.Code;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/labs/{lab}/dataspaces")
@Tag(name = "Dataspaces", description = "Memory objects: RAM from the lab's physical memory, I/O memory at a given"
        + " physical address, and the managed dataspaces of RM sessions.")
class DataspaceController {

    private final LabRegistry labs;

    DataspaceController(LabRegistry labs) {
        this.labs = labs;
    }

    /** What a client may allocate; managed dataspaces come with RM sessions. */
    enum AllocatableType { RAM, IO_MEM }

    @Schema(description = "A dataspace to allocate. RAM is placed at the lowest naturally aligned free physical"
            + " address, skipping I/O memory; IO_MEM needs physAddr, must not overlap a live RAM or I/O-memory"
            + " dataspace (PHYS_CONFLICT), and is never cached.")
    record Allocate(@NotNull @Schema(example = "RAM") AllocatableType type,
                    @NotNull @Schema(example = "4M") U64 size,
                    @Schema(description = "IO_MEM only: the physical address.", example = "0xfee00000")
                    @Nullable U64 physAddr, @Schema(defaultValue = "true") @Nullable Boolean writable,
                    @Schema(description = "Default CACHED for RAM, UNCACHED for IO_MEM; IO_MEM refuses CACHED.")
                    @Nullable Cache cache) {
    }

    @PostMapping
    @Operation(summary = "Allocate a RAM or I/O-memory dataspace",
            description = "Size is rounded up to pages. A 4 MiB RAM dataspace lands at the lowest 4 MiB-aligned free"
                    + " address (0x400000 after a 4 KiB one), so it can later be mapped as one superpage.")
    @Refusals({Code.NOT_FOUND, Code.INVALID_ARGUMENTS, Code.OUT_OF_RAM, Code.PHYS_CONFLICT, Code.QUOTA_EXCEEDED})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "page", summary = "4 KiB of RAM (ds-1 in a fresh lab, at 0x0)",
                    value = "{\"type\": \"RAM\", \"size\": \"4K\"}"),
            @ExampleObject(name = "superpage", summary = "4 MiB of RAM (then ds-2, at the 4 MiB-aligned 0x400000)",
                    value = "{\"type\": \"RAM\", \"size\": \"4M\"}"),
            @ExampleObject(name = "io-mem", summary = "A device's registers: I/O memory, uncached",
                    value = "{\"type\": \"IO_MEM\", \"size\": \"4K\", \"physAddr\": \"0xfee00000\","
                            + " \"cache\": \"UNCACHED\"}")}))
    ResponseEntity<Dto.DataspaceDto> allocate(@PathVariable String lab, @Valid @RequestBody Allocate request) {
        var engine = labs.get(lab).lab();
        DataspaceRequest spec = new DataspaceRequest(request.size().size(),
                request.writable() == null || request.writable(), request.cache());
        DataspaceView created = switch (request.type()) {
            case RAM -> {
                if (request.physAddr() != null) {
                    throw new Refused(Code.VALIDATION_FAILED, "'physAddr' is for IO_MEM; RAM is placed by the lab");
                }
                yield Refused.unwrap(engine.allocateRam(spec));
            }
            case IO_MEM -> {
                if (request.physAddr() == null) {
                    throw new Refused(Code.VALIDATION_FAILED, "'physAddr' is required for IO_MEM");
                }
                yield Refused.unwrap(engine.allocateIoMem(request.physAddr().addr(), spec));
            }
        };
        return Created.at(created.id().toString(), Dto.DataspaceDto.of(created));
    }

    @GetMapping
    @Operation(summary = "List dataspaces by id, managed ones included", description = "RAM, I/O memory and the"
            + " managed dataspaces of RM sessions: size, physical base where there is one, caching and attachments.")
    @Refusals(Code.NOT_FOUND)
    List<Dto.DataspaceDto> list(@PathVariable String lab) {
        return labs.get(lab).lab().dataspaces().stream().map(Dto.DataspaceDto::of).toList();
    }

    @GetMapping("/{ds}")
    @Operation(summary = "Read a dataspace", description = "404 NOT_FOUND when the lab has no dataspace of that id.")
    @Refusals(Code.NOT_FOUND)
    Dto.DataspaceDto read(@PathVariable String lab, @PathVariable String ds) {
        var id = PathIds.dataspace(ds);
        return labs.get(lab).lab().dataspace(id).map(Dto.DataspaceDto::of)
                .orElseThrow(() -> new Refused(Code.NOT_FOUND, "no dataspace " + ds));
    }

    @DeleteMapping("/{ds}")
    @Operation(summary = "Free a dataspace",
            description = "Flushes every mapping it backed, as a detach of each of its regions would, and leaves"
                    + " those regions reserved (listed with reserved: true, no dataspace) until they are detached."
                    + " A managed dataspace goes only with its RM session.")
    @Refusals({Code.NOT_FOUND, Code.INVALID_ARGUMENTS, Code.QUOTA_EXCEEDED})
    ResponseEntity<Void> free(@PathVariable String lab, @PathVariable String ds) {
        Refused.unwrap(labs.get(lab).lab().destroyDataspace(PathIds.dataspace(ds)));
        return ResponseEntity.noContent().build();
    }
}
