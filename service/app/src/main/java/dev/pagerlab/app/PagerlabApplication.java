package dev.pagerlab.app;

import dev.pagerlab.scenario.CheckCommand;
import dev.pagerlab.scenario.ExerciseCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.List;

/** The pagerlab service: the pager engine over HTTP/JSON, with fault signals as server-sent events. */
@SpringBootApplication
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class PagerlabApplication {

    /**
     * Starts the service; {@code check [HAND-OUT] ANSWER [--junit FILE]} instead checks a scenario without starting
     * the web server, for autograders (exit 0 all pass, 1 a failure, 2 a malformed file); {@code exercise KIND SEED}
     * writes a generated exercise.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("exercise")) {
            System.exit(ExerciseCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(PagerlabApplication.class, args);
    }
}
