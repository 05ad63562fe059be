package dev.pagerlab.app.exercises;

import dev.pagerlab.app.scenarios.ScenarioDocuments;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.scenario.Exercises;
import dev.pagerlab.scenario.Format;
import dev.pagerlab.scenario.Scenario;
import dev.pagerlab.engine.platform.PlatformProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Exercises", description = "Generated exercises: a scenario whose expectations are the questions. The"
        + " same seed gives the same exercise in every version.")
class ExerciseController {

    @Schema(description = "An exercise kind.")
    record KindDto(@Schema(example = "best-mapping") String kind, String description) {
    }

    @GetMapping("/api/v1/exercises")
    @Operation(summary = "List the exercise kinds", description = "Each kind with what it asks; GET"
            + " /api/v1/exercises/{kind}?seed=... generates one.")
    List<KindDto> kinds() {
        return Exercises.KINDS.stream().map(k -> new KindDto(k.name(), k.description())).toList();
    }

    @GetMapping(path = "/api/v1/exercises/{kind}", produces = {ScenarioDocuments.YAML, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Generate an exercise",
            description = "A scenario whose expectations are the questions: with answers=false (the default) they are"
                    + " present with null values for the student to fill in, with answers=true they hold the answer"
                    + " key. The random state comes from SHA-256 of '<kind>:<seed>' and SplitMix64, fixed for good."
                    + " YAML unless Accept asks for application/json.")
    @Refusals({Code.NOT_FOUND, Code.VALIDATION_FAILED})
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", ref = ScenarioDocuments.ANSWER)
    ResponseEntity<String> generate(@PathVariable String kind,
                                    @Parameter(description = "Any string, such as 'course-2026:student-17'.",
                                            example = "course-2026:student-17")
                                    @RequestParam(required = false) @Nullable String seed,
                                    @Parameter(description = "A built-in platform; the kind's default otherwise"
                                            + " (foc; revocation picks foc or nova from the seed; tlb"
                                            + " takes microblaze).")
                                    @RequestParam(required = false) @Nullable String platform,
                                    @RequestParam(defaultValue = "false") boolean answers,
                                    @RequestHeader HttpHeaders headers) {
        if (Exercises.kind(kind).isEmpty()) {
            throw new Refused(Code.NOT_FOUND, "no exercise kind '" + kind + "'; GET /api/v1/exercises lists them");
        }
        if (seed == null || seed.isEmpty() || seed.length() > 200) {
            throw new Refused(Code.VALIDATION_FAILED, "'seed' is required: any string of 1 to 200 characters");
        }
        if (platform != null && PlatformProfile.builtIn(platform).isEmpty()) {
            throw new Refused(Code.VALIDATION_FAILED, "unknown platform '" + platform
                    + "'; GET /api/v1/platforms lists them");
        }
        Scenario exercise = Exercises.generate(kind, seed, platform, answers);
        return ScenarioDocuments.answer(exercise, headers, Format.YAML);
    }
}
