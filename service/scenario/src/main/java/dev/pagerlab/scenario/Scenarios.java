package dev.pagerlab.scenario;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;

/** The module's entry points: the lab a scenario asks for, and checking a scenario in a private, throw-away lab. */
public final class Scenarios {

    private Scenarios() {
    }

    /** The configuration of the lab {@code scenario} runs in, with {@code quotas}. */
    public static LabConfig labConfig(Scenario scenario, Quotas quotas) {
        PlatformProfile platform = scenario.platform().profile().orElseThrow(() -> new ScenarioException(
                new Location(1, 1, "platform"), "unknown platform"));
        AddrRange memory = LabConfig.DEFAULT_PHYSICAL_MEMORY;
        if (scenario.physicalMemory() != null) {
            memory = AddrRange.of(dev.pagerlab.engine.addr.Addr.of(scenario.physicalMemory().base()),
                    dev.pagerlab.engine.addr.Size.of(scenario.physicalMemory().size()));
        }
        return new LabConfig(platform, memory, quotas);
    }

    /** A fresh lab for {@code scenario}; a refusal (such as unaligned physical memory) is malformed. */
    public static Lab freshLab(Scenario scenario, Quotas quotas, LabEventListener listener) {
        LabConfig config = labConfig(scenario, quotas);
        if (!config.physicalMemory().valid()) {
            throw new ScenarioException(new Location(1, 1, "physicalMemory"), "physicalMemory is empty or passes"
                    + " 2^64");
        }
        Result<Lab> lab = Lab.create(config, listener);
        if (lab instanceof Result.Refused<Lab>(Failure f)) {
            throw new ScenarioException(new Location(1, 1, "physicalMemory"), f.detail());
        }
        return lab.orThrow();
    }

    /** Runs {@code scenario} in a private lab that is thrown away afterwards. */
    public static Report check(Scenario scenario, Quotas quotas, Limits limits) {
        return Runner.run(scenario, freshLab(scenario, quotas, LabEventListener.NONE), limits);
    }
}
