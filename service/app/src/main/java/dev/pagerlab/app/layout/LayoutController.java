package dev.pagerlab.app.layout;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.PathIds;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.model.Failure.Code;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Layout", description = "Pictures of a region map: its regions, nested region maps, installed mappings"
        + " and alignment grid, for the teaching page, slides and exam sheets.")
class LayoutController {

    static final String SVG = "image/svg+xml";

    private final LabRegistry labs;

    LayoutController(LabRegistry labs) {
        this.labs = labs;
    }

    @GetMapping(path = "/api/v1/labs/{lab}/rm-sessions/{rm}/layout.svg", produces = SVG)
    @Operation(summary = "The picture of an RM session (SVG)",
            description = "Its range as a bar with its regions (coloured and patterned by kind), every managed region"
                    + " opened into the nested RM session below it (to the recursion limit; cycles drawn once),"
                    + " the installed mappings of this address space labelled 2^k, and an alignment grid at the"
                    + " platform's installable sizes. Empty stretches are compressed; the picture states its scale."
                    + " Each region is an element with data-at, data-size, data-kind (RAM, IO_MEM, MANAGED,"
                    + " RESERVED) and data-dataspace; each mapping one with data-virt, data-phys, data-size-log2.",
            responses = @ApiResponse(responseCode = "200", description = "The picture",
                    content = @Content(mediaType = SVG, schema = @Schema(type = "string"))))
    @Refusals(Code.NOT_FOUND)
    ResponseEntity<String> svg(@PathVariable String lab, @PathVariable String rm) {
        var snapshot = Refused.unwrap(LayoutSnapshot.of(labs.get(lab).lab(), PathIds.rmSession(rm)));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Content-Type", SVG)
                .body(LayoutRenderer.render(snapshot));
    }
}
