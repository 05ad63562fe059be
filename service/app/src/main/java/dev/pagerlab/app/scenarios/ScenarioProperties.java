package dev.pagerlab.app.scenarios;

import dev.pagerlab.scenario.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What one scenario may cost on this instance ({@code pagerlab.scenarios.*}): steps per scenario (more are refused
 * with 400) and running time (later steps are reported as not run).
 */
@ConfigurationProperties("pagerlab.scenarios")
public record ScenarioProperties(@DefaultValue("1000") int maxSteps, @DefaultValue("2s") Duration maxTime) {

    /** The scenario module's view of these limits. */
    public Limits limits() {
        return new Limits(maxSteps, maxTime);
    }
}
