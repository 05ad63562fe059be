package dev.pagerlab.app.rmsessions;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Created;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Attached;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Rights;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/v1/labs/{lab}/rm-sessions")
@Tag(name = "RM sessions and regions", description = "Region maps: generalized page tables that show dataspaces, nest through"
        + " their managed dataspaces, and reflect unresolved faults to a fault handler.")
class RmSessionController {

    private final LabRegistry labs;

    RmSessionController(LabRegistry labs) {
        this.labs = labs;
    }

    private Lab lab(String id) {
        return labs.get(id).lab();
    }

    @Schema(description = "A new RM session over [0, size-1].")
    record CreateRmSession(@NotNull @Schema(example = "1G") U64 size,
                  @Schema(example = "AS") @jakarta.validation.constraints.Size(max = 200) @Nullable String label) {
    }

    @PostMapping
    @Operation(summary = "Create an RM session (region map)",
            description = "The size is rounded up to whole pages (0x1800 makes 0x2000), as Genode does; 0 is"
                    + " refused. The answer names its managed dataspace ('dataspace'): attach that into another RM"
                    + " session to nest this one.")
    @Refusals({Code.NOT_FOUND, Code.INVALID_ARGUMENTS, Code.QUOTA_EXCEEDED})
    ResponseEntity<Dto.RmSessionDto> create(@PathVariable String lab, @Valid @RequestBody CreateRmSession request) {
        var created = Refused.unwrap(lab(lab).createRegionMap(request.size().size(),
                request.label() == null ? "" : request.label()));
        return Created.at(created.id().toString(), Dto.RmSessionDto.of(created));
    }

    @GetMapping
    @Operation(summary = "List RM sessions by id", description = "Every RM session of the lab with its regions,"
            + " fault handler, faulters and threads, in the order of their ids; nested ones included.")
    @Refusals(Code.NOT_FOUND)
    java.util.List<Dto.RmSessionDto> list(@PathVariable String lab) {
        return lab(lab).regionMaps().stream().map(Dto.RmSessionDto::of).toList();
    }

    @GetMapping("/{rm}")
    @Operation(summary = "Read an RM session: regions, fault handler, state, faulters and threads",
            description = "404 NOT_FOUND when the lab has no RM session of that id (or it was destroyed).")
    @Refusals(Code.NOT_FOUND)
    Dto.RmSessionDto read(@PathVariable String lab, @PathVariable String rm) {
        return lab(lab).regionMap(PathIds.rmSession(rm)).map(Dto.RmSessionDto::of)
                .orElseThrow(() -> new Refused(Code.NOT_FOUND, "no RM session " + rm));
    }

    @DeleteMapping("/{rm}")
    @Operation(summary = "Destroy an RM session",
            description = "Detaches its regions and its managed dataspace wherever that is attached (flushing their"
                    + " mappings), stops its threads, and stops the faulters waiting in it.")
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<Void> destroy(@PathVariable String lab, @PathVariable String rm) {
        Refused.unwrap(lab(lab).destroyRegionMap(PathIds.rmSession(rm)));
        return ResponseEntity.noContent().build();
    }

    @Schema(description = "Attach arguments, as Genode's Region_map::attach: size 0 or absent shows the rest of the"
            + " dataspace after offset; without 'at' the region lands at the lowest address with the strongest"
            + " alignment the backing store shares.")
    record Attach(@NotNull @Schema(example = "ds-2") String dataspace,
                  @Schema(description = "0 or absent: the rest of the dataspace after offset.", example = "0x1000")
                  @Nullable U64 size,
                  @Schema(description = "Page-aligned, below the dataspace's size.", example = "0x0")
                  @Nullable U64 offset,
                  @Schema(description = "Absent: the lowest address with the strongest alignment.", example = "0x0")
                  @Nullable U64 at, @Schema(defaultValue = "false") @Nullable Boolean executable,
                  @Schema(defaultValue = "true") @Nullable Boolean writable) {
    }

    @PostMapping("/{rm}/regions")
    @Operation(summary = "Attach a dataspace (creates a region)",
            description = "Every faulter waiting in this RM session whose fault address the new region covers is"
                    + " woken in FIFO order and retries its fault; 'resumed' lists the results.")
    @Refusals({Code.NOT_FOUND, Code.INVALID_ARGUMENTS, Code.INVALID_DATASPACE, Code.REGION_CONFLICT,
            Code.QUOTA_EXCEEDED})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "whole", summary = "The whole 4 MiB dataspace ds-2, where the RM session chooses",
                    value = "{\"dataspace\": \"ds-2\"}")}))
    ResponseEntity<Dto.AttachDto> attach(@PathVariable String lab, @PathVariable String rm,
                                         @Valid @RequestBody Attach request) {
        var id = PathIds.rmSession(rm);
        AttachRequest engineRequest = new AttachRequest(PathIds.dataspaceArgument(request.dataspace()),
                request.size() == null ? Size.ZERO : request.size().size(),
                request.offset() == null ? Size.ZERO : request.offset().size(),
                Optional.ofNullable(request.at()).map(U64::addr),
                new Rights(request.writable() == null || request.writable(),
                        request.executable() != null && request.executable()));
        Attached attached = Refused.unwrap(lab(lab).attach(id, engineRequest));
        return Created.at(attached.region().at().hex(), Dto.AttachDto.of(attached.region(), attached.resumed()));
    }

    @GetMapping("/{rm}/regions")
    @Operation(summary = "List the regions of an RM session by address", description = "Each region shows a"
            + " dataspace's window [offset, offset+size-1] at [at, at+size-1]; reserved regions are listed too.")
    @Refusals(Code.NOT_FOUND)
    java.util.List<Dto.RegionDto> regions(@PathVariable String lab, @PathVariable String rm) {
        return Refused.unwrap(lab(lab).regions(PathIds.rmSession(rm))).stream().map(Dto.RegionDto::of).toList();
    }

    @GetMapping("/{rm}/regions/{at}")
    @Operation(summary = "Read the region that starts at an address", description = "The address is the"
            + " region's first byte, in the API's number notation (0x1000, 4K, 4096); 404 NOT_FOUND when no region"
            + " starts there.")
    @Refusals(Code.NOT_FOUND)
    Dto.RegionDto region(@PathVariable String lab, @PathVariable String rm, @PathVariable String at) {
        return Dto.RegionDto.of(Refused.unwrap(lab(lab).region(PathIds.rmSession(rm), PathIds.address(at))));
    }

    @DeleteMapping("/{rm}/regions/{at}")
    @Operation(summary = "Detach the region containing an address",
            description = "Any address inside the region works; a reserved region is removed the same way. How its"
                    + " mappings are taken back is the platform's 'revocation': PATH flushes every installed mapping"
                    + " this region made possible, in every address space that sees it through managed dataspaces,"
                    + " whole; PHYSICAL (foc, fiasco, pistachio) flushes every mapping, in every address space, of"
                    + " the physical frames at the region's core-local address, also those made through other"
                    + " regions. The region-detached event says which rule applied and how many mappings went.")
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<Void> detach(@PathVariable String lab, @PathVariable String rm, @PathVariable String at) {
        Refused.unwrap(lab(lab).detach(PathIds.rmSession(rm), PathIds.address(at)));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{rm}/state")
    @Operation(summary = "The RM session's state (Genode's fault()): the first faulter's fault, or READY",
            description = "What a fault handler reads after its signal: the fault of the thread at the head of the"
            + " session's queue of faulters, or READY when no thread waits.")
    @Refusals(Code.NOT_FOUND)
    Dto.StateDto state(@PathVariable String lab, @PathVariable String rm) {
        return Dto.StateDto.of(Refused.unwrap(lab(lab).state(PathIds.rmSession(rm))));
    }

    @GetMapping("/{rm}/mappings")
    @Operation(summary = "Mappings installed in this address space (its page table), by virtual address",
            description = "The flexpages that resolved faults installed for threads running in this RM session,"
            + " each with virtual and physical base, size as log2 and rights; detaches flush them.")
    @Refusals(Code.NOT_FOUND)
    java.util.List<Dto.MappingDto> mappings(@PathVariable String lab, @PathVariable String rm) {
        return Refused.unwrap(lab(lab).mappings(PathIds.rmSession(rm))).stream().map(Dto.MappingDto::of).toList();
    }

    @Schema(description = "The fault handler to register.")
    record SetHandler(@NotNull @Schema(example = "fh-1") String handler) {
    }

    @PutMapping("/{rm}/fault-handler")
    @Operation(summary = "Register a fault handler at this RM session",
            description = "Failed lookups in this RM session then signal the handler and queue the faulting thread"
                    + " instead of stopping it. Replaces any earlier handler; waiting faulters stay queued.")
    @Refusals({Code.NOT_FOUND, Code.INVALID_HANDLER, Code.QUOTA_EXCEEDED})
    Dto.RmSessionDto setHandler(@PathVariable String lab, @PathVariable String rm,
                                @Valid @RequestBody SetHandler request) {
        return Dto.RmSessionDto.of(Refused.unwrap(lab(lab).setFaultHandler(PathIds.rmSession(rm),
                PathIds.handlerArgument(request.handler()))));
    }

    @DeleteMapping("/{rm}/fault-handler")
    @Operation(summary = "Unregister the fault handler", description = "Later failed lookups here stop their thread.")
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<Void> clearHandler(@PathVariable String lab, @PathVariable String rm) {
        Refused.unwrap(lab(lab).clearFaultHandler(PathIds.rmSession(rm)));
        return ResponseEntity.noContent().build();
    }

    @Schema(description = "A new thread (pager object).")
    record CreateThread(@Schema(example = "main") @jakarta.validation.constraints.Size(max = 200)
                        @Nullable String name) {
    }

    @PostMapping("/{rm}/threads")
    @Operation(summary = "Create a thread whose address space is this RM session", tags = "Threads and faults",
            description = "The thread starts RUNNING; its faults are resolved in this RM session. The body is"
            + " optional ({\"name\": ...}).")
    @Refusals({Code.NOT_FOUND, Code.QUOTA_EXCEEDED})
    ResponseEntity<Dto.ThreadDto> createThread(@PathVariable String lab, @PathVariable String rm,
                                               @Valid @RequestBody(required = false) @Nullable CreateThread request) {
        var created = Refused.unwrap(lab(lab).createThread(PathIds.rmSession(rm),
                request == null || request.name() == null ? "" : request.name()));
        return ResponseEntity.created(org.springframework.web.servlet.support.ServletUriComponentsBuilder
                .fromCurrentContextPath().path("/api/v1/labs/{lab}/threads/{th}")
                .buildAndExpand(lab, created.id().toString()).toUri()).body(Dto.ThreadDto.of(created));
    }
}
